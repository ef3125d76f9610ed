/**
 * The progress of a plan being computed: a progress bar (`role=progressbar` with `aria-valuenow`),
 * the phase in words, the search's iteration and best cost, the time elapsed, and a Cancel button
 * (a cancelled search keeps its best plan so far). Renders only; the dashboard feeds it the plan's
 * Server-Sent Events.
 */
import type { PlanProgressEvent } from '../../../server/contract/index.js';
import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { formatEuros, formatNumber } from './format.js';

/** The progress block of a running plan. */
export class PlanProgressView {
  readonly element: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly phase: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly cancelButton: HTMLButtonElement;

  constructor(onCancel: (() => void) | null) {
    this.fill = h('span', { class: 'plan-progress-fill' });
    this.bar = h(
      'div',
      { class: 'plan-progress-bar', role: 'progressbar', id: 'plan-progress', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0, 'aria-label': t('plans.progressLabel') },
      this.fill,
    );
    this.phase = h('p', { class: 'plan-progress-phase', 'aria-live': 'polite' }, t('plans.phases.queued'));
    this.detail = h('p', { class: 'plan-progress-detail' });
    this.cancelButton = h('button', { type: 'button', id: 'cancel-plan', class: 'secondary' }, t('plans.cancel'));
    this.cancelButton.addEventListener('click', () => {
      this.cancelButton.disabled = true;
      this.phase.textContent = t('plans.cancelling');
      onCancel?.();
    });
    this.element = h('div', { class: 'plan-progress', hidden: true }, this.phase, this.bar, this.detail, onCancel ? this.cancelButton : null);
  }

  /** Shows the block at 0 % (a plan was just queued). */
  start(): void {
    this.cancelButton.disabled = false;
    this.set(0);
    this.phase.textContent = t('plans.phases.queued');
    this.detail.textContent = '';
    this.element.hidden = false;
  }

  /** Shows a progress event. */
  update(ev: PlanProgressEvent): void {
    this.set(ev.fraction);
    if (!this.cancelButton.disabled) this.phase.textContent = t(`plans.phases.${ev.phase ?? 'queued'}`);
    const parts: string[] = [];
    if (ev.iteration !== undefined && ev.iterations !== undefined) parts.push(t('plans.iteration', { iteration: formatNumber(ev.iteration), iterations: formatNumber(ev.iterations) }));
    if (ev.bestCostEur !== undefined) parts.push(t('plans.bestCost', { cost: formatEuros(ev.bestCostEur) }));
    if (ev.elapsedS !== undefined) parts.push(t('plans.elapsed', { seconds: formatNumber(ev.elapsedS, 1) }));
    this.detail.textContent = parts.join(' · ');
  }

  /** Hides the block. */
  stop(): void {
    this.element.hidden = true;
  }

  private set(fraction: number): void {
    const percent = Math.round(fraction * 100);
    this.bar.setAttribute('aria-valuenow', String(percent));
    this.bar.setAttribute('aria-valuetext', `${formatNumber(percent)} %`);
    this.fill.style.width = `${percent}%`;
  }
}
