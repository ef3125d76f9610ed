/**
 * The Administration section (admins): the space's members with their role (add one with a role
 * and, for a driver, a vehicle; change a role; remove one), its machine tokens (create one with a
 * name and scopes, its secret shown once with a copy button and a warning; revoke one) and the
 * latest events of the audit trail. Every control is a native form element or button, so all of
 * it works with the keyboard; feedback goes to `role="status"` / `role="alert"` lines.
 */
import { MIN_PASSWORD_LENGTH, ROLES, TOKEN_SCOPES, type MemberDto, type Role, type SessionDto, type TokenDto, type TokenScope } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { t } from '../i18n/index.js';
import type { Capabilities } from './access.js';
import { confirmDialog } from './dialog.js';
import { h } from './dom.js';
import { describeError, type FieldLabels } from './error-text.js';
import { formatInstant } from './format.js';
import { auditActionLabel, roleLabel, scopeLabel } from './labels.js';

/** A vehicle the forms can suggest (from the plans shown). */
export interface VehicleHint {
  id: string;
  name: string;
}

/** What the Administration section needs: the session, what the role may do, vehicle hints. */
export interface AdminPanelOptions {
  session: SessionDto;
  can: Pick<Capabilities, 'manageMembers' | 'manageTokens' | 'readAudit'>;
  /** Vehicles to suggest for a driver (the server checks the id). */
  vehicles: () => readonly VehicleHint[];
}

type AuditEvent = Awaited<ReturnType<typeof api.listAudit>>[number];

/** Usernames the server accepts (`CreateMemberSchema`). */
const USERNAME_RE = /^[A-Za-z0-9._@-]{3,64}$/;

/** The words for an audit detail value: roles and scopes translated, yes/no, lists joined. */
function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return t('common.dash');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (key === 'role' && typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return roleLabel(value as Role);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' && (TOKEN_SCOPES as readonly string[]).includes(v) ? scopeLabel(v as TokenScope) : String(v))).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** An audit event's detail in words: `rôle : Analyste · véhicule : —`. */
export function auditDetailText(detail: AuditEvent['detail']): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => t('admin.audit.detailItem', { key: t(`admin.audit.details.${key}` as 'admin.audit.details.ip', { defaultValue: key }), value: detailValue(key, value) }))
    .join(' · ');
}

/** See the file comment. */
export class AdminPanel {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly membersBody: HTMLTableSectionElement;
  private readonly tokensBody: HTMLTableSectionElement;
  private readonly auditBody: HTMLTableSectionElement;
  private readonly vehicleList: HTMLDataListElement;
  private members: MemberDto[] = [];

  constructor(private readonly options: AdminPanelOptions) {
    this.status = h('p', { class: 'status admin-status', role: 'status', 'aria-live': 'polite' });
    this.heading = h('h2', { id: 'admin-heading', tabindex: -1 }, t('admin.heading', { space: options.session.space.name }));
    this.membersBody = h('tbody');
    this.tokensBody = h('tbody');
    this.auditBody = h('tbody');
    this.vehicleList = h('datalist', { id: 'vehicle-options' });
    const sections: HTMLElement[] = [];
    if (options.can.manageMembers) sections.push(this.membersSection());
    if (options.can.manageTokens) sections.push(this.tokensSection());
    if (options.can.readAudit) sections.push(this.auditSection());
    this.element = h('div', { class: 'admin-view', id: 'admin-view' }, h('div', { class: 'admin-inner' }, this.heading, this.status, this.vehicleList, ...sections));
  }

  /** Moves the focus to the section's heading (after the section was chosen). */
  focusHeading(): void {
    this.heading.focus();
  }

  /** Loads the members, tokens and audit events again. */
  async refresh(): Promise<void> {
    await Promise.all([this.options.can.manageMembers ? this.loadMembers() : null, this.options.can.manageTokens ? this.loadTokens() : null, this.options.can.readAudit ? this.loadAudit() : null]);
  }

  private say(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  // ---------- members ----------

  private membersSection(): HTMLElement {
    const username = h('input', { id: 'member-username', type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true });
    const displayName = h('input', { id: 'member-display-name', type: 'text', autocomplete: 'off', required: true });
    const role = h('select', { id: 'member-role' }, ...ROLES.map((r) => h('option', { value: r, selected: r === 'analyst' }, roleLabel(r))));
    const vehicle = h('input', { id: 'member-vehicle', type: 'text', list: 'vehicle-options', autocomplete: 'off', 'aria-describedby': 'member-vehicle-hint' });
    const vehicleField = h(
      'div',
      { class: 'field', hidden: true },
      h('label', { for: 'member-vehicle' }, t('admin.members.vehicle')),
      vehicle,
      h('p', { class: 'hint', id: 'member-vehicle-hint' }, t('admin.members.vehicleHint', { example: this.options.vehicles()[0]?.id ?? 'V1' })),
    );
    const password = h('input', { id: 'member-password', type: 'password', autocomplete: 'new-password', required: true, 'aria-describedby': 'member-password-hint' });
    const error = h('p', { class: 'form-error', role: 'alert', id: 'member-error' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'member-add' }, t('admin.members.add'));
    role.addEventListener('change', () => {
      vehicleField.hidden = role.value !== 'driver';
    });
    const form = h(
      'form',
      { class: 'admin-form', novalidate: true, 'aria-labelledby': 'member-add-heading' },
      h('div', { class: 'field' }, h('label', { for: 'member-username' }, t('admin.members.username')), username),
      h('div', { class: 'field' }, h('label', { for: 'member-display-name' }, t('admin.members.displayName')), displayName),
      h('div', { class: 'field' }, h('label', { for: 'member-role' }, t('admin.members.role')), role),
      vehicleField,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'member-password' }, t('admin.members.initialPassword')),
        password,
        h('p', { class: 'hint', id: 'member-password-hint' }, t('admin.members.passwordHint', { min: MIN_PASSWORD_LENGTH })),
      ),
      h('div', { class: 'form-actions' }, error, submit),
    );
    const labels: FieldLabels = {
      username: t('admin.members.username'),
      displayName: t('admin.members.displayName'),
      role: t('admin.members.role'),
      vehicleId: t('admin.members.vehicle'),
      password: t('admin.members.initialPassword'),
    };
    const fail = (text: string, input: HTMLElement): void => {
      error.textContent = text;
      input.focus();
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      const chosen = role.value as Role;
      const vehicleId = chosen === 'driver' ? vehicle.value.trim() : '';
      if (!USERNAME_RE.test(username.value.trim())) return fail(t('admin.members.usernameInvalid'), username);
      if (displayName.value.trim() === '') return fail(t('common.required'), displayName);
      if (chosen === 'driver' && vehicleId === '') return fail(t('admin.members.vehicleRequired'), vehicle);
      if (password.value.length < MIN_PASSWORD_LENGTH) return fail(t('password.tooShort', { min: MIN_PASSWORD_LENGTH }), password);
      submit.disabled = true;
      api
        .addMember({ username: username.value.trim(), displayName: displayName.value.trim(), role: chosen, vehicleId: vehicleId || null, password: password.value })
        .then(
          async (member) => {
            form.reset();
            vehicleField.hidden = true;
            this.say(t('admin.members.added', { name: member.displayName, role: roleLabel(member.role) }));
            await Promise.all([this.loadMembers(), this.options.can.readAudit ? this.loadAudit() : null]);
          },
          (failure: unknown) => fail(describeError(failure, labels), username),
        )
        .finally(() => {
          submit.disabled = false;
        });
    });

    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'members-heading', id: 'admin-members' },
      h('h3', { id: 'members-heading' }, t('admin.members.heading')),
      h('p', { class: 'intro' }, t('admin.members.intro')),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'members-table', 'aria-labelledby': 'members-heading' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[t('admin.members.name'), t('admin.members.username'), t('admin.members.role'), t('admin.members.vehicle'), t('admin.members.actions')].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          this.membersBody,
        ),
      ),
      h('h4', { id: 'member-add-heading' }, t('admin.members.addHeading')),
      h('p', { class: 'hint' }, t('admin.members.addIntro')),
      form,
    );
  }

  private async loadMembers(): Promise<void> {
    try {
      this.members = await api.listMembers();
    } catch (error) {
      this.membersBody.replaceChildren(h('tr', {}, h('td', { colspan: 5, class: 'form-error' }, describeError(error))));
      return;
    }
    const known = new Map(this.options.vehicles().map((v) => [v.id, v.name]));
    for (const m of this.members) if (m.vehicleId && !known.has(m.vehicleId)) known.set(m.vehicleId, m.vehicleId);
    this.vehicleList.replaceChildren(...[...known].map(([id, name]) => h('option', { value: id, label: name })));
    if (this.members.length === 0) {
      this.membersBody.replaceChildren(h('tr', {}, h('td', { colspan: 5, class: 'empty' }, t('admin.members.empty'))));
      return;
    }
    this.membersBody.replaceChildren(...this.members.map((m) => this.memberRow(m)));
  }

  private memberRow(member: MemberDto): HTMLElement {
    const self = member.id === this.options.session.user.id;
    const key = member.id.replace(/[^A-Za-z0-9_-]/g, '');
    const role = h('select', { id: `role-${key}`, 'aria-label': t('admin.members.roleOf', { name: member.displayName }), disabled: self }, ...ROLES.map((r) => h('option', { value: r, selected: r === member.role }, roleLabel(r))));
    const vehicle = h('input', { id: `vehicle-${key}`, type: 'text', list: 'vehicle-options', value: member.vehicleId ?? '', 'aria-label': t('admin.members.vehicleOf', { name: member.displayName }), class: 'narrow' });
    vehicle.hidden = member.role !== 'driver';
    const noVehicle = h('span', { 'aria-hidden': 'true' }, t('common.dash'));
    noVehicle.hidden = member.role === 'driver';
    const apply = h('button', { type: 'button', class: 'small', disabled: true }, t('admin.members.changeRole'));
    const remove = h('button', { type: 'button', class: 'small danger', disabled: self, 'aria-label': t('admin.members.removeLabel', { name: member.displayName }) }, t('admin.members.remove'));
    const changed = (): void => {
      const driver = role.value === 'driver';
      vehicle.hidden = !driver;
      noVehicle.hidden = driver;
      apply.disabled = role.value === member.role && (!driver || vehicle.value.trim() === (member.vehicleId ?? ''));
    };
    role.addEventListener('change', changed);
    vehicle.addEventListener('input', changed);
    apply.addEventListener('click', () => {
      const next = role.value as Role;
      const vehicleId = next === 'driver' ? vehicle.value.trim() || null : null;
      if (next === 'driver' && vehicleId === null) {
        this.say(t('admin.members.vehicleRequired'), 'error');
        vehicle.focus();
        return;
      }
      apply.disabled = true;
      api.updateMember(member.id, next, vehicleId).then(
        async (updated) => {
          this.say(t('admin.members.updated', { name: updated.displayName, role: roleLabel(updated.role) }));
          await Promise.all([this.loadMembers(), this.options.can.readAudit ? this.loadAudit() : null]);
          document.getElementById(`role-${key}`)?.focus();
        },
        (failure: unknown) => {
          apply.disabled = false;
          this.say(describeError(failure, { vehicleId: t('admin.members.vehicle'), role: t('admin.members.role') }), 'error');
        },
      );
    });
    remove.addEventListener('click', () => {
      void confirmDialog(t('admin.members.confirmRemove', { name: member.displayName }), t('admin.members.remove')).then(async (yes) => {
        if (!yes) return;
        try {
          await api.removeMember(member.id);
        } catch (failure) {
          this.say(describeError(failure), 'error');
          return;
        }
        this.say(t('admin.members.removed', { name: member.displayName }));
        await Promise.all([this.loadMembers(), this.options.can.readAudit ? this.loadAudit() : null]);
        this.heading.focus();
      });
    });
    return h(
      'tr',
      { 'data-user-id': member.id, 'data-username': member.username },
      h('td', {}, member.displayName, self ? h('span', { class: 'muted' }, ` ${t('admin.members.you')}`) : null),
      h('td', {}, h('code', {}, member.username)),
      h('td', {}, role),
      h('td', {}, vehicle, noVehicle),
      h('td', { class: 'actions' }, apply, remove),
    );
  }

  // ---------- tokens ----------

  private tokensSection(): HTMLElement {
    const name = h('input', { id: 'token-name', type: 'text', autocomplete: 'off', required: true, maxlength: 100, 'aria-describedby': 'token-name-hint' });
    const boxes = TOKEN_SCOPES.map((scope) => {
      const id = `token-scope-${scope.replace(':', '-')}`;
      const box = h('input', { type: 'checkbox', id, value: scope, checked: scope === 'readings:write' });
      return { scope, box, label: h('label', { for: id, class: 'check' }, box, h('span', {}, scopeLabel(scope))) };
    });
    const error = h('p', { class: 'form-error', role: 'alert', id: 'token-error' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'token-create' }, t('admin.tokens.create'));
    const secretBox = h('div', { class: 'secret', id: 'token-secret', hidden: true });
    const form = h(
      'form',
      { class: 'admin-form', novalidate: true, 'aria-labelledby': 'token-create-heading' },
      h('div', { class: 'field' }, h('label', { for: 'token-name' }, t('admin.tokens.tokenName')), name, h('p', { class: 'hint', id: 'token-name-hint' }, t('admin.tokens.tokenNameHint'))),
      h('fieldset', { class: 'scopes' }, h('legend', {}, t('admin.tokens.scopesLegend')), ...boxes.map((b) => b.label)),
      h('div', { class: 'form-actions' }, error, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      const scopes = boxes.filter((b) => b.box.checked).map((b) => b.scope);
      if (name.value.trim() === '') {
        error.textContent = t('common.required');
        name.focus();
        return;
      }
      if (scopes.length === 0) {
        error.textContent = t('admin.tokens.scopesRequired');
        boxes[0]?.box.focus();
        return;
      }
      submit.disabled = true;
      api
        .createToken(name.value.trim(), scopes)
        .then(
          async (created) => {
            form.reset();
            this.showSecret(secretBox, created.name, created.token);
            await Promise.all([this.loadTokens(), this.options.can.readAudit ? this.loadAudit() : null]);
          },
          (failure: unknown) => {
            error.textContent = describeError(failure, { name: t('admin.tokens.tokenName'), scopes: t('admin.tokens.scopesLegend') });
            name.focus();
          },
        )
        .finally(() => {
          submit.disabled = false;
        });
    });
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'tokens-heading', id: 'admin-tokens' },
      h('h3', { id: 'tokens-heading' }, t('admin.tokens.heading')),
      h('p', { class: 'intro' }, t('admin.tokens.intro')),
      secretBox,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'tokens-table', 'aria-labelledby': 'tokens-heading' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[t('admin.tokens.name'), t('admin.tokens.prefix'), t('admin.tokens.scopes'), t('admin.tokens.createdAt'), t('admin.tokens.lastUsedAt'), t('admin.tokens.state'), t('admin.members.actions')].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
            ),
          ),
          this.tokensBody,
        ),
      ),
      h('h4', { id: 'token-create-heading' }, t('admin.tokens.createHeading')),
      form,
    );
  }

  /** Shows a new token's secret once, with its warning and a copy button; focus goes to the secret. */
  private showSecret(box: HTMLElement, name: string, secret: string): void {
    const input = h('input', { id: 'token-secret-value', type: 'text', readonly: true, value: secret, spellcheck: 'false', 'aria-describedby': 'token-secret-warning' });
    const copyStatus = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', class: 'primary', id: 'token-copy' }, t('admin.tokens.copy'));
    const dismiss = h('button', { type: 'button', id: 'token-dismiss' }, t('admin.tokens.dismiss'));
    copy.addEventListener('click', () => {
      void copyText(input).then((ok) => {
        copyStatus.textContent = ok ? t('admin.tokens.copied') : t('admin.tokens.copyFailed');
        copyStatus.dataset.kind = ok ? 'info' : 'error';
      });
    });
    dismiss.addEventListener('click', () => {
      box.hidden = true;
      box.replaceChildren();
      document.getElementById('token-name')?.focus();
    });
    box.replaceChildren(
      h('h4', { id: 'token-secret-heading' }, t('admin.tokens.secretHeading', { name })),
      h('p', { class: 'warning', id: 'token-secret-warning' }, t('admin.tokens.secretWarning')),
      h('label', { for: 'token-secret-value' }, t('admin.tokens.secretLabel')),
      h('div', { class: 'secret-row' }, input, copy),
      copyStatus,
      dismiss,
    );
    box.hidden = false;
    input.focus();
    input.select();
  }

  private async loadTokens(): Promise<void> {
    let tokens: TokenDto[];
    try {
      tokens = await api.listTokens();
    } catch (error) {
      this.tokensBody.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'form-error' }, describeError(error))));
      return;
    }
    if (tokens.length === 0) {
      this.tokensBody.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, t('admin.tokens.empty'))));
      return;
    }
    this.tokensBody.replaceChildren(...tokens.map((token) => this.tokenRow(token)));
  }

  private tokenRow(token: TokenDto): HTMLElement {
    let action: HTMLElement | string = '';
    if (token.revokedAt === null) {
      const revoke = h('button', { type: 'button', class: 'small danger', 'aria-label': t('admin.tokens.revokeLabel', { name: token.name }) }, t('admin.tokens.revoke'));
      revoke.addEventListener('click', () => {
        void confirmDialog(t('admin.tokens.confirmRevoke', { name: token.name }), t('admin.tokens.revoke')).then(async (yes) => {
          if (!yes) return;
          try {
            await api.revokeToken(token.id);
          } catch (failure) {
            this.say(describeError(failure), 'error');
            return;
          }
          this.say(t('admin.tokens.revoked', { name: token.name }));
          await Promise.all([this.loadTokens(), this.options.can.readAudit ? this.loadAudit() : null]);
          this.heading.focus();
        });
      });
      action = revoke;
    }
    return h(
      'tr',
      { 'data-token-id': token.id, class: token.revokedAt ? 'revoked' : '' },
      h('td', {}, token.name),
      h('td', {}, h('code', {}, `${token.prefix}…`)),
      h('td', {}, h('ul', { class: 'plain' }, ...token.scopes.map((s) => h('li', {}, scopeLabel(s))))),
      h('td', {}, formatInstant(token.createdAt)),
      h('td', {}, token.lastUsedAt ? formatInstant(token.lastUsedAt) : t('admin.tokens.never')),
      h('td', {}, token.revokedAt ? t('admin.tokens.revokedAt', { at: formatInstant(token.revokedAt) }) : t('admin.tokens.active')),
      h('td', { class: 'actions' }, action),
    );
  }

  // ---------- audit ----------

  private auditSection(): HTMLElement {
    const refresh = h('button', { type: 'button', class: 'small', id: 'audit-refresh' }, t('common.refresh'));
    refresh.addEventListener('click', () => void this.loadAudit());
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-heading', id: 'admin-audit' },
      h('div', { class: 'card-head' }, h('h3', { id: 'audit-heading' }, t('admin.audit.heading')), refresh),
      h('p', { class: 'intro' }, t('admin.audit.intro')),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'audit-table', 'aria-labelledby': 'audit-heading' },
          h('thead', {}, h('tr', {}, ...[t('admin.audit.at'), t('admin.audit.actor'), t('admin.audit.action'), t('admin.audit.target'), t('admin.audit.detail')].map((c) => h('th', { scope: 'col' }, c)))),
          this.auditBody,
        ),
      ),
    );
  }

  private async loadAudit(): Promise<void> {
    let events: AuditEvent[];
    try {
      events = await api.listAudit(50);
    } catch (error) {
      this.auditBody.replaceChildren(h('tr', {}, h('td', { colspan: 5, class: 'form-error' }, describeError(error))));
      return;
    }
    if (events.length === 0) {
      this.auditBody.replaceChildren(h('tr', {}, h('td', { colspan: 5, class: 'empty' }, t('admin.audit.empty'))));
      return;
    }
    this.auditBody.replaceChildren(
      ...events.map((e) =>
        h(
          'tr',
          { 'data-action': e.action },
          h('td', { class: 'nowrap' }, formatInstant(e.at)),
          h('td', {}, e.actorKind === 'system' ? t('admin.audit.system') : e.actorName, h('span', { class: 'muted' }, ` (${t(`admin.audit.actorKinds.${e.actorKind}`)})`)),
          h('td', {}, auditActionLabel(e.action)),
          h('td', {}, e.target ?? t('common.dash')),
          h('td', { class: 'detail' }, auditDetailText(e.detail)),
        ),
      ),
    );
  }
}

/** Copies an input's text: the Clipboard API where the page may use it, else the selection. */
async function copyText(input: HTMLInputElement): Promise<boolean> {
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(input.value);
      return true;
    } catch {
      // permission refused: the selection fallback below may still work
    }
  }
  return document.execCommand('copy');
}
