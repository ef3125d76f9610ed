/**
 * The language switch of the header and the login page: one toggle button per language, each
 * named in its own language (`lang` set, so screen readers pronounce it right). Choosing one
 * switches the texts, remembers the choice in `localStorage` and asks the screen to rebuild.
 */
import { i18n, language, LANGUAGES, setLanguage, t, type Language, type LanguageStorage } from '../i18n/index.js';
import { h } from './dom.js';

/** `localStorage`, or null where the browser refuses it (storage disabled). */
export function browserStorage(): LanguageStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled by the browser's settings: the language is not remembered
  }
}

/** Sets `<html lang>` and the page title to the current language. */
export function applyDocumentLanguage(): void {
  document.documentElement.lang = language();
  document.title = t('app.documentTitle');
}

/** The group of language buttons; `onChange` runs after a new language is set. */
export function languageSwitch(onChange: (next: Language) => void): HTMLElement {
  const group = h('div', { class: 'language-switch', role: 'group', 'aria-label': t('language.label') });
  for (const lang of LANGUAGES) {
    const name = i18n.getFixedT(lang)(`language.${lang}`);
    const button = h('button', { type: 'button', lang, 'data-language': lang, 'aria-pressed': String(lang === language()) }, name);
    button.addEventListener('click', () => {
      if (lang === language()) return;
      setLanguage(lang, browserStorage());
      applyDocumentLanguage();
      onChange(lang);
    });
    group.append(button);
  }
  return group;
}
