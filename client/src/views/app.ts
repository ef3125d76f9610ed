/**
 * The application shell: asks the server who is signed in, then shows the login page or the
 * signed-in screen of the role (the dashboard with the map and plans, the Administration section
 * for admins, the driver's page). It owns the session: any 401 from the api module brings the
 * login page back; switching space or language rebuilds the signed-in screen (the role, and so
 * the controls, may differ in another space).
 */
import type { SessionDto } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { UnauthenticatedError } from '../api/api-error.js';
import { setLanguage, storedLanguage, t } from '../i18n/index.js';
import { forgetOfflineData } from '../offline/service-worker.js';
import { capabilitiesOf, landingViewOf, screenOf } from './access.js';
import { AdminPanel } from './admin-panel.js';
import { startDashboard, type Dashboard } from './dashboard.js';
import { h } from './dom.js';
import { InventoryPanel } from './inventory-panel.js';
import { startDriverPage, type DriverPage } from './driver-page.js';
import { DeskView } from './desk-view.js';
import { describeError } from './error-text.js';
import { setDisplayTimeZone } from './format.js';
import { renderHeader, type View } from './header.js';
import { applyDocumentLanguage, browserStorage } from './language-switch.js';
import { renderLoginPage, type LoginReason } from './login-page.js';
import { openPasswordDialog } from './password-dialog.js';
import { ReportsPanel } from './reports-panel.js';

/** What survives a rebuild of the signed-in screen. */
interface ScreenState {
  /** The section shown; absent: the role's landing section. */
  view?: View;
  date?: string;
}

/** Starts the dashboard application in `root`. */
export async function startApp(root: HTMLElement): Promise<void> {
  setLanguage(storedLanguage(browserStorage()));
  applyDocumentLanguage();

  let dashboard: Dashboard | null = null;
  let driver: DriverPage | null = null;
  let session: SessionDto | null = null;

  let deskView: DeskView | null = null;
  const teardown = (): void => {
    dashboard?.destroy();
    dashboard = null;
    deskView?.destroy();
    deskView = null;
    driver?.destroy();
    driver = null;
    delete document.body.dataset.mapState;
  };

  const showLogin = (reason: LoginReason, username?: string): void => {
    teardown();
    session = null;
    document.body.dataset.screen = 'login';
    renderLoginPage(root, {
      reason,
      username,
      onSignedIn: (next) => showSignedIn(next, {}),
      onLanguage: (typed) => showLogin(null, typed),
    });
  };

  const showSignedIn = (next: SessionDto, state: ScreenState): void => {
    teardown();
    session = next;
    setDisplayTimeZone(next.space.timeZone);
    const can = capabilitiesOf(next.permissions);
    const screen = screenOf(next);
    const views: View[] =
      screen === 'dashboard'
        ? ['map', ...(can.readHistory ? (['desk'] as const) : []), ...(can.editInventory ? (['inventory'] as const) : []), ...(can.moderateReports ? (['reports'] as const) : []), ...(can.administer ? (['admin'] as const) : [])]
        : [];
    const landing = landingViewOf(next.permissions);
    let view: View = state.view && views.includes(state.view) ? state.view : views.includes(landing) ? landing : 'map';
    const message = h('p', { class: 'app-message', role: 'status', 'aria-live': 'polite', id: 'app-message' });
    const main = h('main', { id: 'main', tabindex: -1 });

    const rebuild = (): void => {
      if (session) showSignedIn(session, { view, date: dashboard?.date() ?? state.date });
    };
    const header = (): HTMLElement =>
      renderHeader({
        session: next,
        views,
        current: view,
        onView: (chosen) => {
          view = chosen;
          showView(true);
        },
        onSwitchSpace: (spaceId) => {
          message.textContent = t('header.switching');
          api.switchSpace(spaceId).then(
            (switched) => showSignedIn(switched, { view }),
            (error: unknown) => {
              message.textContent = describeError(error);
            },
          );
        },
        onLanguage: rebuild,
        onChangePassword: () => void openPasswordDialog(),
        onLogout: () => {
          api.logout().then(
            () => {
              void forgetOfflineData().catch(() => undefined); // nothing kept: nothing to forget
              showLogin('signedOut');
            },
            (error: unknown) => {
              if (!(error instanceof UnauthenticatedError)) message.textContent = describeError(error);
            },
          );
        },
      });

    let headerElement = header();
    document.body.dataset.screen = screen;
    root.replaceChildren(h('a', { class: 'skip-link', href: '#main' }, t('app.skipToContent')), headerElement, message, main);

    if (screen === 'driver') {
      driver = startDriverPage(next);
      main.append(driver.element);
      return;
    }

    const panelContainer = h('section', { id: 'panel', 'aria-label': t('panel.label') });
    const mapContainer = h('div', { id: 'map', role: 'region', 'aria-label': t('map.label') });
    const mapView = h('div', { class: 'map-view', id: 'map-view' }, panelContainer, mapContainer);
    main.append(mapView);
    let admin: AdminPanel | null = null;
    let inventory: InventoryPanel | null = null;
    let desk: DeskView | null = null;
    let inventoryChanged = false;
    let reports: ReportsPanel | null = null;

    const showView = (focus: boolean): void => {
      const fresh = header();
      headerElement.replaceWith(fresh);
      headerElement = fresh;
      mapView.hidden = view !== 'map';
      if (inventory) inventory.element.hidden = view !== 'inventory';
      if (reports) reports.element.hidden = view !== 'reports';
      if (desk) desk.element.hidden = view !== 'desk';
      if (view === 'desk') {
        if (!desk) {
          desk = new DeskView(next);
          deskView = desk;
          main.append(desk.element);
          void desk.refresh();
        }
        if (admin) admin.element.hidden = true;
        if (focus) desk.focusHeading();
        return;
      }
      if (view === 'reports') {
        if (!reports) {
          reports = new ReportsPanel();
          main.append(reports.element);
        }
        if (admin) admin.element.hidden = true;
        void reports.refresh();
        if (focus) reports.focusHeading();
      } else if (view === 'inventory') {
        if (!inventory) {
          inventory = new InventoryPanel({
            spaceName: next.space.name,
            onChange: () => {
              inventoryChanged = true;
            },
          });
          main.append(inventory.element);
        }
        if (admin) admin.element.hidden = true;
        void inventory.refresh();
        if (focus) inventory.focusHeading();
      } else if (view === 'admin') {
        if (!admin) {
          let vehicles: readonly { id: string; name: string }[] = dashboard?.vehicles() ?? [];
          void api
            .listVehicles()
            .then((list) => {
              vehicles = list;
              return admin?.refresh();
            })
            .catch(() => undefined); // the hints from the plans shown stay
          admin = new AdminPanel({ session: next, can, vehicles: () => vehicles });
          main.append(admin.element);
        }
        admin.element.hidden = false;
        void admin.refresh();
        if (focus) admin.focusHeading();
      } else {
        if (admin) admin.element.hidden = true;
        dashboard?.debug.map.resize();
        if (inventoryChanged) {
          inventoryChanged = false;
          void dashboard?.reload();
        }
        if (focus) panelContainer.querySelector<HTMLElement>('#plan-date')?.focus();
      }
    };

    dashboard = startDashboard({ mapContainer, panelContainer, can, initialDate: state.date });
    showView(false);
  };

  api.onUnauthenticated(() => {
    if (session !== null) showLogin('expired');
  });

  root.replaceChildren(h('main', { id: 'main', class: 'loading-page' }, h('p', { role: 'status' }, t('app.loading'))));
  try {
    showSignedIn(await api.getSession(), {});
  } catch (error) {
    if (error instanceof UnauthenticatedError) showLogin(null);
    else root.replaceChildren(h('main', { id: 'main', class: 'loading-page' }, h('p', { role: 'alert', class: 'form-error' }, describeError(error))));
  }
}
