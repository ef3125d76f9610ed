import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, PLAN_STATUSES, ROLES, STREAM_VALUES, TOKEN_SCOPES } from '../../server/contract/index.js';
import { i18n, LANGUAGE_STORAGE_KEY, LANGUAGES, RESOURCES, language, locale, setLanguage, storedLanguage, t, type Language, type LanguageStorage } from '../src/i18n/index.js';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a text tree as `path → text`. */
function leaves(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') for (const [k, v] of leaves(value as Record<string, unknown>, path)) out.set(k, v);
    else throw new Error(`${path} is neither a text nor a group`);
  }
  return out;
}

/** Keys without plural suffixes, and for each plural key the suffixes present. */
function shape(lang: Language): { keys: Set<string>; plurals: Map<string, Set<string>> } {
  const keys = new Set<string>();
  const plurals = new Map<string, Set<string>>();
  for (const path of leaves(RESOURCES[lang]).keys()) {
    const match = PLURAL_SUFFIX.exec(path);
    const base = match ? path.slice(0, match.index) : path;
    keys.add(base);
    if (match?.[1]) plurals.set(base, (plurals.get(base) ?? new Set()).add(match[1]));
  }
  return { keys, plurals };
}

const variables = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] ?? '').sort();

afterEach(() => setLanguage('fr'));

describe('translations', () => {
  it('has every key in both languages (a key in one language only fails)', () => {
    const [fr, en] = LANGUAGES.map(shape) as [ReturnType<typeof shape>, ReturnType<typeof shape>];
    const onlyFr = [...fr.keys].filter((k) => !en.keys.has(k));
    const onlyEn = [...en.keys].filter((k) => !fr.keys.has(k));
    expect({ onlyFr, onlyEn }).toEqual({ onlyFr: [], onlyEn: [] });
  });

  it.each(LANGUAGES)('gives every plural key of %s exactly the forms its plural rules use', (lang) => {
    const needed = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
    const { plurals } = shape(lang);
    expect(plurals.size).toBeGreaterThan(0);
    for (const [key, forms] of plurals) expect([key, [...forms].sort()]).toEqual([key, needed]);
  });

  it('uses the same interpolation variables in both languages, and no empty text', () => {
    const base = (path: string): string => path.replace(PLURAL_SUFFIX, '');
    const fr = leaves(RESOURCES.fr);
    const en = leaves(RESOURCES.en);
    const varsOf = (texts: Map<string, string>): Map<string, string> => {
      const out = new Map<string, string>();
      for (const [path, text] of texts) out.set(base(path), [...new Set([...(out.get(base(path))?.split(',').filter(Boolean) ?? []), ...variables(text)])].sort().join(','));
      return out;
    };
    const frVars = varsOf(fr);
    const enVars = varsOf(en);
    for (const [key, vars] of frVars) expect([key, enVars.get(key)]).toEqual([key, vars]);
    for (const [path, text] of [...fr, ...en]) expect([path, text.trim().length > 0]).toEqual([path, true]);
  });

  it('has a text for every code the API sends: error codes, roles, scopes, plan statuses, streams', () => {
    for (const lang of LANGUAGES) {
      const keys = shape(lang).keys;
      const missing = [
        ...ERROR_CODES.map((c) => `errors.${c}`),
        'errors.unexpected_response',
        ...ROLES.map((r) => `roles.${r}`),
        ...TOKEN_SCOPES.map((s) => `scopes.${s}`),
        ...PLAN_STATUSES.map((s) => `planStatus.${s}`),
        ...STREAM_VALUES.map((s) => `streams.${s}`),
      ].filter((key) => !keys.has(key));
      expect([lang, missing]).toEqual([lang, []]);
    }
  });

  it('speaks French by default and English when asked, with scope keys holding a colon', () => {
    expect(language()).toBe('fr');
    expect(locale()).toBe('fr-FR');
    expect(t('login.submit')).toBe('Se connecter');
    expect(t('scopes.readings:write')).toBe('Envoyer des relevés de remplissage');
    expect(t('panel.stops', { count: 1 })).toBe('1 arrêt');
    expect(t('panel.stops', { count: 0 })).toBe('0 arrêt');
    expect(t('panel.stops', { count: 1_000_000 })).toBe('1000000 arrêts');
    setLanguage('en');
    expect(locale()).toBe('en-GB');
    expect(t('login.submit')).toBe('Sign in');
    expect(t('panel.stops', { count: 0 })).toBe('0 stops');
    expect(i18n.getFixedT('fr')('roles.manager')).toBe('Gestionnaire');
  });
});

describe('remembered language', () => {
  const memory = (initial: Record<string, string> = {}): LanguageStorage & { data: Record<string, string> } => {
    const data = { ...initial };
    return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
  };

  it('reads the stored language, and falls back to French for none, an unknown one or a refusing storage', () => {
    expect(storedLanguage(memory({ [LANGUAGE_STORAGE_KEY]: 'en' }))).toBe('en');
    expect(storedLanguage(memory())).toBe('fr');
    expect(storedLanguage(memory({ [LANGUAGE_STORAGE_KEY]: 'de' }))).toBe('fr');
    expect(storedLanguage(null)).toBe('fr');
    const refusing: LanguageStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => undefined,
    };
    expect(storedLanguage(refusing)).toBe('fr');
  });

  it('switches and stores the choice', () => {
    const storage = memory();
    setLanguage('en', storage);
    expect(language()).toBe('en');
    expect(storage.data[LANGUAGE_STORAGE_KEY]).toBe('en');
  });
});
