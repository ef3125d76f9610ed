/**
 * What a driver sees for now: their round screen is a later issue (#15), so a clear page says it
 * is coming, names their vehicle and says there is no round to show yet.
 */
import type { SessionDto } from '../../../server/contract/index.js';
import { t } from '../i18n/index.js';
import { h } from './dom.js';

/** The driver's placeholder page (the content of `<main>`). */
export function renderDriverPage(session: Pick<SessionDto, 'vehicleId'>): HTMLElement {
  return h(
    'div',
    { class: 'driver-page' },
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'driver-heading' },
      h('h2', { id: 'driver-heading', tabindex: -1 }, t('driver.heading')),
      h('p', {}, t('driver.body')),
      h('p', { class: 'vehicle' }, session.vehicleId ? t('driver.vehicle', { vehicle: session.vehicleId }) : t('driver.noVehicle')),
      h('p', { class: 'empty', id: 'driver-no-round' }, t('driver.noRound')),
    ),
  );
}
