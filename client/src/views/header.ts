/**
 * The header of the signed-in screens: the product name, the current space (with a switcher when
 * the person belongs to several), the sections (map, analyst's desk, inventory, administration) when the role has more than
 * one, who is signed in with their role, the language switch, "Changer mon mot de passe" and
 * "Se déconnecter". It only renders and reports intents through callbacks.
 */
import type { SessionDto } from '../../../server/contract/index.js';
import { t, type Language } from '../i18n/index.js';
import { h } from './dom.js';
import { roleLabel } from './labels.js';
import { languageSwitch } from './language-switch.js';

/** The sections of the signed-in screen. */
export type View = 'map' | 'desk' | 'inventory' | 'reports' | 'admin';

/** The session shown in the header, the sections offered and the intents it reports. */
export interface HeaderOptions {
  session: SessionDto;
  /** The sections to offer (none or one: no navigation). */
  views: readonly View[];
  current: View;
  onView: (view: View) => void;
  onSwitchSpace: (spaceId: string) => void;
  onLanguage: (language: Language) => void;
  onChangePassword: () => void;
  onLogout: () => void;
}

/** Builds the header element. */
export function renderHeader(options: HeaderOptions): HTMLElement {
  const { session } = options;
  const brand = h('div', { class: 'brand-block' }, h('h1', { class: 'brand' }, t('app.name')), spaceBlock(options));

  let nav: HTMLElement | null = null;
  if (options.views.length > 1) {
    nav = h('nav', { class: 'sections', 'aria-label': t('header.navLabel') });
    for (const view of options.views) {
      const button = h('button', { type: 'button', 'data-view': view, ...(view === options.current ? { 'aria-current': 'page' } : {}) }, view === 'map' ? t('header.navMap') : view === 'desk' ? t('desk.nav') : view === 'inventory' ? t('inventory.nav') : view === 'reports' ? t('moderation.nav') : t('header.navAdmin'));
      button.addEventListener('click', () => options.onView(view));
      nav.append(button);
    }
  }

  const password = h('button', { type: 'button', id: 'change-password' }, t('header.changePassword'));
  password.addEventListener('click', options.onChangePassword);
  const logout = h('button', { type: 'button', id: 'logout' }, t('header.logout'));
  logout.addEventListener('click', options.onLogout);
  const who = h(
    'p',
    { class: 'who' },
    h('span', { class: 'visually-hidden' }, `${t('header.user')} `),
    h('span', { class: 'user-name', id: 'user-name' }, session.user.displayName),
    ' ',
    h('span', { class: 'role-badge', id: 'user-role', 'data-role': session.role }, roleLabel(session.role)),
  );
  const tools = h('div', { class: 'session-tools' }, who, languageSwitch(options.onLanguage), password, logout);
  return h('header', { class: 'topbar' }, brand, nav ?? '', tools);
}

/** The space's name, or a switcher (select + button, so nothing happens on arrow keys alone). */
function spaceBlock(options: HeaderOptions): HTMLElement {
  const { session } = options;
  if (session.memberships.length < 2) {
    return h('p', { class: 'space-name', id: 'space-name' }, h('span', { class: 'visually-hidden' }, `${t('header.space')} `), session.space.name);
  }
  const select = h('select', { id: 'space-select' });
  for (const m of session.memberships) {
    select.append(h('option', { value: m.space.id, selected: m.space.id === session.space.id }, `${m.space.name} (${roleLabel(m.role)})`));
  }
  const go = h('button', { type: 'button', id: 'space-switch' }, t('header.switchSpace'));
  go.addEventListener('click', () => {
    if (select.value !== session.space.id) options.onSwitchSpace(select.value);
  });
  return h('div', { class: 'space-switcher' }, h('label', { for: 'space-select', class: 'visually-hidden' }, t('header.space')), select, go);
}
