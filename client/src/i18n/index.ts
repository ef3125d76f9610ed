/**
 * The translation layer: one i18next instance holding the French (default) and English texts,
 * bundled (no backend, nothing fetched), initialised synchronously at import. Every user-facing
 * string of the dashboard goes through {@link t}; numbers and dates go through `Intl` with
 * {@link locale} (see `views/format.ts`). The chosen language is kept in `localStorage`.
 *
 * Texts are set as text nodes (`views/dom.ts`), never parsed as HTML, so i18next's own HTML
 * escaping is off. Keys use `.` for nesting and no namespace separator (scopes such as
 * `readings:write` are keys).
 */
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { EN } from './en.js';
import { FR } from './fr.js';

/** Languages of the dashboard, the first being the default. */
export const LANGUAGES = ['fr', 'en'] as const;
/** `fr` or `en`. */
export type Language = (typeof LANGUAGES)[number];

/** The texts of each language (for tests and the language switch). */
export const RESOURCES: Readonly<Record<Language, Record<string, unknown>>> = { fr: FR, en: EN };

/** BCP 47 locale used with `Intl` for each language. */
const LOCALES: Readonly<Record<Language, string>> = { fr: 'fr-FR', en: 'en-GB' };

/** `localStorage` key of the chosen language. */
export const LANGUAGE_STORAGE_KEY = 'collecte.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof FR };
    nsSeparator: false;
    keySeparator: '.';
  }
}

/** The instance (exported for tests; views use {@link t}). */
export const i18n: I18n = i18next.createInstance();
void i18n.init({
  resources: { fr: { translation: FR }, en: { translation: EN } },
  lng: LANGUAGES[0],
  fallbackLng: LANGUAGES[0],
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  nsSeparator: false,
  keySeparator: '.',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Translates a key (typed against the French texts); see i18next's `t`. */
export const t: TFunction = i18n.t.bind(i18n);

/** Whether `value` names a language of the dashboard. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The current language. */
export function language(): Language {
  const current = i18n.language;
  return isLanguage(current) ? current : LANGUAGES[0];
}

/** The `Intl` locale of the current language (`fr-FR` or `en-GB`). */
export function locale(): string {
  return LOCALES[language()];
}

/** The minimal storage this module needs (`localStorage` in the browser). */
export type LanguageStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The stored language, or French when none (or storage is unavailable). */
export function storedLanguage(storage: LanguageStorage | null): Language {
  try {
    const value = storage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : LANGUAGES[0];
  } catch {
    return LANGUAGES[0]; // storage refused (private mode, blocked cookies): the default applies
  }
}

/**
 * Switches the language (synchronously: the texts are bundled) and remembers it in `storage`
 * when given. A storage that refuses the write keeps the choice for this page only.
 */
export function setLanguage(next: Language, storage: LanguageStorage | null = null): void {
  void i18n.changeLanguage(next);
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, next);
  } catch {
    // a refused write (quota, private mode) only means the choice is not remembered
  }
}
