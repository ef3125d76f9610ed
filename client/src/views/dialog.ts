/**
 * Modal dialogs on the native `<dialog>` element (`showModal`: the rest of the page is inert, focus
 * stays inside, Escape closes), with focus given back to the element that opened it.
 */
import { t } from '../i18n/index.js';
import { h } from './dom.js';

/**
 * Opens `dialog` (appended to the body) modally; on close it is removed and focus returns to what
 * had it before. @returns a promise settled with the dialog's `returnValue` when it closes.
 */
export function openModal(dialog: HTMLDialogElement, initialFocus?: HTMLElement | null): Promise<string> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.append(dialog);
  dialog.showModal();
  (initialFocus ?? dialog.querySelector<HTMLElement>('input, select, textarea, button'))?.focus();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        dialog.remove();
        if (opener?.isConnected) opener.focus();
        resolve(dialog.returnValue);
      },
      { once: true },
    );
  });
}

/**
 * Asks a yes/no question: `message` with a confirming button (`confirmLabel`, styled as a
 * destructive action when `danger`) and "Annuler", which has the focus first.
 * @returns true when confirmed.
 */
export async function confirmDialog(message: string, confirmLabel: string, danger = true): Promise<boolean> {
  const cancel = h('button', { type: 'submit', value: 'cancel' }, t('common.cancel'));
  const confirm = h('button', { type: 'submit', value: 'confirm', class: danger ? 'danger' : 'primary' }, confirmLabel);
  const text = h('p', { id: 'confirm-message' }, message);
  const dialog = h('dialog', { class: 'modal', 'aria-describedby': 'confirm-message', 'aria-labelledby': 'confirm-message' }, h('form', { method: 'dialog' }, text, h('div', { class: 'dialog-actions' }, cancel, confirm)));
  return (await openModal(dialog, cancel)) === 'confirm';
}
