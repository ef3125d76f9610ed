/**
 * "Changer mon mot de passe": a modal dialog with the current password, the new one and its
 * confirmation; checks the length and the confirmation before sending, then shows the server's
 * answer (a wrong current password, a new one equal to it) in a `role="alert"` line.
 */
import { MIN_PASSWORD_LENGTH } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { InvalidInputError } from '../api/api-error.js';
import { t } from '../i18n/index.js';
import { openModal } from './dialog.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';

/** The sentence for a refused password change (400 with the field at fault, else by code). */
export function passwordErrorText(error: unknown): string {
  if (error instanceof InvalidInputError) {
    const issue = error.issues[0];
    if (issue?.path === 'currentPassword') return t('password.currentWrong');
    if (issue?.path === 'newPassword') return /differ/i.test(issue.message) ? t('password.mustDiffer') : t('password.tooShort', { min: MIN_PASSWORD_LENGTH });
  }
  return describeError(error);
}

/** Opens the dialog; resolves when it is closed (changed or cancelled). */
export async function openPasswordDialog(): Promise<void> {
  const field = (id: string, label: string, autocomplete: string, hint?: string): [HTMLElement, HTMLInputElement] => {
    const input = h('input', { id, type: 'password', autocomplete, required: true, ...(hint ? { 'aria-describedby': `${id}-hint` } : {}) });
    return [h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null), input];
  };
  const [currentField, current] = field('password-current', t('password.current'), 'current-password');
  const [nextField, next] = field('password-new', t('password.next'), 'new-password', t('password.hint', { min: MIN_PASSWORD_LENGTH }));
  const [confirmField, confirm] = field('password-confirm', t('password.confirm'), 'new-password');
  const error = h('p', { class: 'form-error', role: 'alert', id: 'password-error' });
  const done = h('p', { class: 'form-done', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('password.submit'));
  const cancel = h('button', { type: 'button' }, t('common.cancel'));
  const form = h('form', { novalidate: true }, h('h2', { id: 'password-title' }, t('password.title')), currentField, nextField, confirmField, error, done, h('div', { class: 'dialog-actions' }, cancel, submit));
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'password-title' }, form);

  const fail = (text: string, input: HTMLInputElement): void => {
    error.textContent = text;
    for (const other of [current, next, confirm]) other.setAttribute('aria-invalid', String(other === input));
    input.focus();
  };
  cancel.addEventListener('click', () => dialog.close('cancel'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    if (current.value === '') return fail(t('common.required'), current);
    if (next.value.length < MIN_PASSWORD_LENGTH) return fail(t('password.tooShort', { min: MIN_PASSWORD_LENGTH }), next);
    if (next.value !== confirm.value) return fail(t('password.mismatch'), confirm);
    submit.disabled = true;
    submit.textContent = t('password.saving');
    api.changePassword(current.value, next.value).then(
      () => {
        for (const input of [current, next, confirm]) {
          input.value = '';
          input.disabled = true;
          input.removeAttribute('aria-invalid');
        }
        submit.hidden = true;
        cancel.textContent = t('common.close');
        done.textContent = t('password.done');
        cancel.focus();
      },
      (failure: unknown) => {
        submit.disabled = false;
        submit.textContent = t('password.submit');
        fail(passwordErrorText(failure), failure instanceof InvalidInputError && failure.issues[0]?.path === 'newPassword' ? next : current);
      },
    );
  });
  await openModal(dialog, current);
}
