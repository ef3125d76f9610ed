/**
 * The login page: username and password with visible labels, one submit button, the error in a
 * `role="alert"` region (announced by screen readers): wrong credentials (401), too many failures
 * with the wait from `Retry-After` (429), anything else by its translated code. The language
 * switch is there too.
 */
import type { SessionDto } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { ApiError, ForbiddenError, TooManyRequestsError, UnauthenticatedError } from '../api/api-error.js';
import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';
import { formatWait } from './format.js';
import { languageSwitch } from './language-switch.js';

/** Why the login page is shown (a line above the form), if not at first visit. */
export type LoginReason = 'signedOut' | 'expired' | null;

/** Why the page is shown, what to do once signed in, and the language switch. */
export interface LoginPageOptions {
  reason: LoginReason;
  onSignedIn: (session: SessionDto) => void;
  /** The language was switched: rebuild the page (keeping what was typed in `username`). */
  onLanguage: (username: string) => void;
  /** The username typed before the page was rebuilt (after a language change). */
  username?: string;
}

/** The sentence for a failed login. */
export function loginErrorText(error: unknown): string {
  if (error instanceof UnauthenticatedError) return t('login.wrongCredentials');
  if (error instanceof TooManyRequestsError) return error.retryAfterS !== null ? t('login.tooMany', { wait: formatWait(error.retryAfterS) }) : t('errors.too_many_requests');
  if (error instanceof ForbiddenError) return t('login.noSpace');
  return describeError(error);
}

/** Renders the login page into `root` and focuses the first empty field. */
export function renderLoginPage(root: HTMLElement, options: LoginPageOptions): void {
  const username = h('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, value: options.username ?? '' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { id: 'login-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'login-submit', class: 'primary wide' }, t('login.submit'));
  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-heading' },
    h('div', { class: 'field' }, h('label', { for: 'login-username' }, t('login.username')), username),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), password),
    error,
    submit,
  );
  const showError = (text: string, field: HTMLInputElement | null): void => {
    error.textContent = text;
    for (const input of [username, password]) {
      input.setAttribute('aria-invalid', String(input === field || (field === null && text !== '')));
      if (text) input.setAttribute('aria-describedby', 'login-error');
      else input.removeAttribute('aria-describedby');
    }
    field?.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = username.value.trim();
    if (name === '' || password.value === '') {
      showError(t('login.missing'), name === '' ? username : password);
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    error.textContent = '';
    api.login(name, password.value).then(
      (session) => options.onSignedIn(session),
      (failure: unknown) => {
        submit.disabled = false;
        submit.textContent = t('login.submit');
        password.value = '';
        showError(loginErrorText(failure), failure instanceof ApiError && failure.status === 0 ? null : password);
      },
    );
  });

  const notice = options.reason ? h('p', { class: 'notice', role: 'status' }, t(options.reason === 'expired' ? 'login.expired' : 'login.signedOut')) : null;
  root.replaceChildren(
    h(
      'main',
      { id: 'main', class: 'login-page' },
      h(
        'div',
        { class: 'login-card' },
        h('div', { class: 'login-top' }, h('p', { class: 'brand' }, t('app.name')), languageSwitch(() => options.onLanguage(username.value))),
        h('p', { class: 'tagline' }, t('app.tagline')),
        h('h1', { id: 'login-heading' }, t('login.heading')),
        h('p', { class: 'intro' }, t('login.intro')),
        notice ?? '',
        form,
        h('p', { class: 'hint' }, t('login.hint')),
      ),
    ),
  );
  (username.value ? password : username).focus();
}
