/**
 * The Inventory section (managers and admins): the space's bins, depots and disposal sites, and
 * vehicles. For each kind: a list with a search, a form to add or change an item (every field
 * checked with the contract's schema, each problem written under its field), retiring an item
 * (confirmed; stored plans keep it), and a file import in two steps: the preview (what would be
 * created, changed, left, retired, and every refused row with its line or feature, column and
 * reason), then the import itself, all or nothing. Native form controls and buttons only, so all of
 * it works from the keyboard; feedback goes to `role="status"` / `role="alert"` lines.
 */
import {
  INVENTORY_ITEM_SCHEMAS,
  INVENTORY_KINDS,
  STREAM_VALUES,
  type ImportResult,
  type InventoryDto,
  type InventoryKind,
  type Issue,
} from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { language, t } from '../i18n/index.js';
import { confirmDialog } from './dialog.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';
import { formatNumber } from './format.js';
import { streamLabel } from './labels.js';

/** Rows shown at most in a list (the search narrows it). */
const MAX_ROWS = 200;

type FieldType = 'id' | 'text' | 'decimal' | 'integer' | 'stream' | 'streams' | 'siteKind' | 'time';
interface FieldSpec {
  readonly field: string;
  readonly type: FieldType;
  readonly optional?: boolean;
}

/** The form fields of each kind, in order. */
const FIELDS: Record<InventoryKind, readonly FieldSpec[]> = {
  bins: [
    { field: 'id', type: 'id' },
    { field: 'stream', type: 'stream' },
    { field: 'container', type: 'text' },
    { field: 'capacityLitres', type: 'integer' },
    { field: 'lng', type: 'decimal' },
    { field: 'lat', type: 'decimal' },
    { field: 'serviceSec', type: 'integer' },
    { field: 'osmRef', type: 'text', optional: true },
  ],
  sites: [
    { field: 'id', type: 'id' },
    { field: 'kind', type: 'siteKind' },
    { field: 'name', type: 'text' },
    { field: 'lng', type: 'decimal' },
    { field: 'lat', type: 'decimal' },
    { field: 'serviceSec', type: 'integer' },
  ],
  vehicles: [
    { field: 'id', type: 'id' },
    { field: 'name', type: 'text' },
    { field: 'type', type: 'text' },
    { field: 'streams', type: 'streams' },
    { field: 'capacityLitres', type: 'integer' },
    { field: 'capacityKg', type: 'integer' },
    { field: 'shiftStart', type: 'time' },
    { field: 'shiftEnd', type: 'time' },
    { field: 'co2KgPerKm', type: 'decimal' },
  ],
};

/** Values a new item's form starts with. */
const DEFAULTS: Record<InventoryKind, Record<string, unknown>> = {
  bins: { stream: 'residual', container: 'bac-660', capacityLitres: 660, serviceSec: 60 },
  sites: { kind: 'depot', serviceSec: 0 },
  vehicles: { type: 'bom26', streams: ['residual'], shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
};

type Item = Record<string, unknown> & { id: string };

const columnLabel = (field: string): string => t(`inventory.columns.${field}` as 'inventory.columns.id');

/** A number typed with a decimal comma or point (`7,4167`); NaN when it is not one. */
export function readDecimal(text: string): number {
  const s = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  return /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN;
}

/** The translated message of a schema problem with a field. */
function issueText(spec: FieldSpec, issue: { code: string; minimum?: unknown; maximum?: unknown; expected?: unknown; origin?: unknown }): string {
  const numeric = spec.type === 'decimal' || spec.type === 'integer';
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? t('inventory.validation.integer') : numeric ? t('inventory.validation.number') : t('inventory.validation.required');
    case 'too_small':
      if (spec.type === 'streams') return t('inventory.validation.streams');
      return numeric ? t('inventory.validation.min', { min: formatNumber(Number(issue.minimum), 6) }) : t('inventory.validation.required');
    case 'too_big':
      return numeric ? t('inventory.validation.max', { max: formatNumber(Number(issue.maximum), 6) }) : t('inventory.validation.tooLong', { max: Number(issue.maximum) });
    case 'invalid_format':
      return spec.type === 'time' ? t('inventory.validation.time') : t('inventory.validation.idFormat');
    case 'custom':
      return t('inventory.validation.after');
    default:
      return t('inventory.validation.invalid');
  }
}

/** A refused row's reason in the dashboard's language (the server's words for a reason it has no key for). */
export function rejectReason(x: ImportResult['rejected'][number]): string {
  if (!x.reasonCode) return x.reason;
  const params: Record<string, string | number> = { ...(x.reasonParams ?? {}) };
  for (const key of ['min', 'max', 'found', 'expected', 'drivers'] as const) if (typeof params[key] === 'number') params[key] = formatNumber(params[key], 6);
  if (x.reasonCode === 'duplicate_id') {
    params.place = typeof params.line === 'number' ? t('inventory.import.lineN', { line: params.line }) : t('inventory.import.featureN', { index: params.index ?? '' });
  }
  return t(`inventory.import.reasons.${x.reasonCode}`, params);
}

/** See the file comment. */
export class InventoryPanel {
  readonly element: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly status: HTMLElement;
  private readonly kindButtons: HTMLButtonElement[];
  private readonly listHeading: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly count: HTMLElement;
  private readonly addButton: HTMLButtonElement;
  private readonly formBox: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly importForm: HTMLFormElement;
  private readonly fileInput: HTMLInputElement;
  private readonly modeSelect: HTMLSelectElement;
  private readonly previewBox: HTMLElement;
  private readonly importError: HTMLElement;
  private kind: InventoryKind = 'bins';
  private data: InventoryDto | null = null;

  constructor(private readonly options: { spaceName: string; /** Called after every change written (the map reloads its bins). */ onChange?: () => void }) {
    this.heading = h('h2', { id: 'inventory-heading', tabindex: -1 }, t('inventory.heading', { space: options.spaceName }));
    this.status = h('p', { class: 'status admin-status', role: 'status', 'aria-live': 'polite', id: 'inventory-status' });
    this.kindButtons = INVENTORY_KINDS.map((kind) => {
      const b = h('button', { type: 'button', 'data-kind': kind, id: `inventory-kind-${kind}`, 'aria-pressed': kind === this.kind ? 'true' : 'false' }, t(`inventory.kinds.${kind}`));
      b.addEventListener('click', () => this.choose(kind));
      return b;
    });
    const kinds = h('div', { class: 'kind-switch', role: 'group', 'aria-label': t('inventory.kindsLabel') }, ...this.kindButtons);

    this.fileInput = h('input', { type: 'file', id: 'inventory-file', accept: '.csv,.txt,.geojson,.json,text/csv,application/geo+json,application/json', 'aria-describedby': 'inventory-file-hint' });
    this.modeSelect = h(
      'select',
      { id: 'inventory-mode' },
      h('option', { value: 'merge', selected: true }, t('inventory.import.merge')),
      h('option', { value: 'replace' }, t('inventory.import.replace')),
    );
    this.importError = h('p', { class: 'form-error', role: 'alert', id: 'inventory-import-error' });
    this.previewBox = h('div', { class: 'import-preview', id: 'inventory-preview', hidden: true });
    this.importForm = h(
      'form',
      { class: 'admin-form', novalidate: true, 'aria-labelledby': 'inventory-import-heading' },
      h('div', { class: 'field' }, h('label', { for: 'inventory-file' }, t('inventory.import.file')), this.fileInput, h('p', { class: 'hint', id: 'inventory-file-hint' }, t('inventory.import.fileHint'))),
      h('div', { class: 'field' }, h('label', { for: 'inventory-mode' }, t('inventory.import.mode')), this.modeSelect),
      h('div', { class: 'form-actions' }, this.importError, h('button', { type: 'submit', class: 'primary', id: 'inventory-preview-button' }, t('inventory.import.preview'))),
    );
    this.importForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.preview();
    });
    const importCard = h(
      'section',
      { class: 'card', 'aria-labelledby': 'inventory-import-heading', id: 'inventory-import' },
      h('h3', { id: 'inventory-import-heading' }, t('inventory.import.heading')),
      h('p', { class: 'intro' }, t('inventory.import.intro')),
      this.importForm,
      this.previewBox,
    );

    this.listHeading = h('h3', { id: 'inventory-list-heading' }, t('inventory.kinds.bins'));
    this.search = h('input', { type: 'search', id: 'inventory-search', autocomplete: 'off', 'aria-describedby': 'inventory-search-hint inventory-count' });
    this.search.addEventListener('input', () => this.renderList());
    this.count = h('p', { class: 'hint', id: 'inventory-count', 'aria-live': 'polite' });
    this.addButton = h('button', { type: 'button', class: 'primary', id: 'inventory-add' }, t('inventory.list.add', { kind: t('inventory.one.bins') }));
    this.addButton.addEventListener('click', () => this.openForm(null));
    this.formBox = h('div', { id: 'inventory-form-box', hidden: true });
    this.table = h('table', { id: 'inventory-table', 'aria-labelledby': 'inventory-list-heading' });
    const listCard = h(
      'section',
      { class: 'card', 'aria-labelledby': 'inventory-list-heading', id: 'inventory-list' },
      h('div', { class: 'card-head' }, this.listHeading, this.addButton),
      h(
        'div',
        { class: 'search-row' },
        h('div', { class: 'field' }, h('label', { for: 'inventory-search' }, t('inventory.list.search')), this.search, h('p', { class: 'hint', id: 'inventory-search-hint' }, t('inventory.list.searchHint'))),
      ),
      this.count,
      this.formBox,
      h('div', { class: 'table-wrap' }, this.table),
    );
    this.element = h(
      'div',
      { class: 'admin-view inventory-view', id: 'inventory-view' },
      h('div', { class: 'admin-inner' }, this.heading, h('p', { class: 'intro' }, t('inventory.intro')), this.status, kinds, importCard, listCard),
    );
  }

  /** Moves the focus to the section's heading (after the section was chosen). */
  focusHeading(): void {
    this.heading.focus();
  }

  /** Loads the inventory again and redraws the list. */
  async refresh(): Promise<void> {
    try {
      this.data = await api.getInventory();
    } catch (error) {
      this.say(describeError(error), 'error');
      return;
    }
    this.renderList();
  }

  private say(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  private choose(kind: InventoryKind): void {
    this.kind = kind;
    for (const b of this.kindButtons) b.setAttribute('aria-pressed', b.dataset.kind === kind ? 'true' : 'false');
    this.listHeading.textContent = t(`inventory.kinds.${kind}`);
    this.addButton.textContent = t('inventory.list.add', { kind: t(`inventory.one.${kind}`) });
    this.search.value = '';
    this.closeForm();
    this.clearPreview();
    this.renderList();
  }

  // ---------- list ----------

  private items(): Item[] {
    return (this.data?.[this.kind] ?? []) as unknown as Item[];
  }

  private renderList(): void {
    const all = this.items();
    const query = this.search.value.trim().toLowerCase();
    const matches = query === '' ? all : all.filter((item) => this.searchText(item).includes(query));
    const shown = matches.slice(0, MAX_ROWS);
    this.count.textContent = t('inventory.list.shown', { shown: formatNumber(shown.length), total: formatNumber(all.length) });
    const headers = this.columns().map((c) => h('th', { scope: 'col' }, columnLabel(c)));
    const body = h('tbody');
    if (shown.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: headers.length + 1, class: 'empty' }, query === '' ? t('inventory.list.empty') : t('inventory.list.noMatch', { query: this.search.value.trim() }))));
    }
    for (const item of shown) body.append(this.row(item));
    this.table.replaceChildren(h('thead', {}, h('tr', {}, ...headers, h('th', { scope: 'col' }, columnLabel('actions')))), body);
  }

  private searchText(item: Item): string {
    const words = [item.id, item.name, item.container, item.type, item.kind, item.stream, ...(Array.isArray(item.streams) ? item.streams : [])].filter((x) => typeof x === 'string') as string[];
    const labels = [typeof item.stream === 'string' ? streamLabel(item.stream) : '', ...(Array.isArray(item.streams) ? item.streams.map((s) => streamLabel(String(s))) : [])];
    return [...words, ...labels].join(' ').toLowerCase();
  }

  private columns(): string[] {
    if (this.kind === 'bins') return ['id', 'stream', 'container', 'capacityLitres', 'position'];
    if (this.kind === 'sites') return ['id', 'kind', 'name', 'position', 'serviceSec'];
    return ['id', 'name', 'streams', 'capacityLitres', 'capacityKg', 'shift'];
  }

  private cell(item: Item, column: string): string {
    switch (column) {
      case 'stream':
        return streamLabel(String(item.stream));
      case 'streams':
        return (item.streams as string[]).map(streamLabel).join(', ');
      case 'kind':
        return t(`inventory.siteKinds.${item.kind as 'depot'}`);
      case 'position':
        return `${formatNumber(Number(item.lat), 5)} ; ${formatNumber(Number(item.lng), 5)}`;
      case 'shift':
        return `${String(item.shiftStart)}–${String(item.shiftEnd)}`;
      case 'capacityLitres':
      case 'capacityKg':
      case 'serviceSec':
        return formatNumber(Number(item[column]));
      default:
        return String(item[column] ?? '');
    }
  }

  private row(item: Item): HTMLElement {
    const edit = h('button', { type: 'button', class: 'small', 'aria-label': t('inventory.list.editLabel', { id: item.id }) }, t('inventory.list.edit'));
    edit.addEventListener('click', () => this.openForm(item));
    const retire = h('button', { type: 'button', class: 'small danger', 'aria-label': t('inventory.list.retireLabel', { id: item.id }) }, t('inventory.list.retire'));
    retire.addEventListener('click', () => {
      void confirmDialog(t('inventory.list.confirmRetire', { id: item.id }), t('inventory.list.retire')).then(async (yes) => {
        if (!yes) return;
        try {
          await api.retireInventoryItem(this.kind, item.id);
        } catch (failure) {
          this.say(describeError(failure), 'error');
          return;
        }
        this.options.onChange?.();
        this.say(t('inventory.list.retired', { id: item.id }));
        await this.refresh();
        this.search.focus();
      });
    });
    return h(
      'tr',
      { 'data-id': item.id },
      ...this.columns().map((c, k) => (k === 0 ? h('th', { scope: 'row' }, h('code', {}, item.id)) : h('td', c === 'position' || c === 'shift' ? { class: 'nowrap' } : {}, this.cell(item, c)))),
      h('td', { class: 'actions' }, edit, retire),
    );
  }

  // ---------- form ----------

  private closeForm(): void {
    this.formBox.hidden = true;
    this.formBox.replaceChildren();
  }

  private openForm(item: Item | null): void {
    const kind = this.kind;
    const values: Record<string, unknown> = item ?? DEFAULTS[kind];
    const inputs = new Map<string, { spec: FieldSpec; read: () => unknown; focus: () => void; error: HTMLElement; mark: (bad: boolean) => void }>();
    const fields = FIELDS[kind].map((spec) => {
      const id = `inv-${spec.field}`;
      const error = h('p', { class: 'field-error', id: `${id}-error` });
      const hintId = spec.type === 'decimal' ? `${id}-hint` : spec.type === 'time' ? `${id}-hint` : spec.field === 'id' && item ? `${id}-hint` : null;
      const described = [hintId, `${id}-error`].filter(Boolean).join(' ');
      const hint =
        hintId === null ? null : h('p', { class: 'hint', id: hintId }, spec.type === 'decimal' ? t('inventory.form.decimalHint') : spec.type === 'time' ? t('inventory.form.timeHint') : t('inventory.form.idLocked'));
      const label = columnLabel(spec.field);
      if (spec.type === 'streams') {
        const chosen = new Set((values.streams as string[] | undefined) ?? []);
        const boxes = STREAM_VALUES.map((s) => h('input', { type: 'checkbox', id: `${id}-${s}`, value: s, checked: chosen.has(s) }));
        const set = h(
          'fieldset',
          { class: 'scopes', 'aria-describedby': `${id}-error` },
          h('legend', {}, label),
          ...boxes.map((b, k) => h('label', { for: b.id, class: 'check' }, b, h('span', {}, streamLabel(STREAM_VALUES[k]!)))),
          error,
        );
        inputs.set(spec.field, {
          spec,
          read: () => boxes.filter((b) => b.checked).map((b) => b.value),
          focus: () => boxes[0]?.focus(),
          error,
          mark: (bad) => set.classList.toggle('invalid', bad),
        });
        return set;
      }
      let control: HTMLInputElement | HTMLSelectElement;
      if (spec.type === 'stream') {
        control = h('select', { id }, ...STREAM_VALUES.map((s) => h('option', { value: s, selected: values.stream === s }, streamLabel(s))));
      } else if (spec.type === 'siteKind') {
        control = h('select', { id }, ...(['depot', 'disposal'] as const).map((k) => h('option', { value: k, selected: values.kind === k }, t(`inventory.siteKinds.${k}`))));
      } else {
        const v = values[spec.field];
        const shown = v === null || v === undefined ? '' : typeof v === 'number' ? (spec.type === 'decimal' && language() === 'fr' ? String(v).replace('.', ',') : String(v)) : String(v);
        control = h('input', {
          id,
          type: 'text',
          value: shown,
          autocomplete: 'off',
          spellcheck: 'false',
          ...(spec.type === 'decimal' ? { inputmode: 'decimal' } : spec.type === 'integer' ? { inputmode: 'numeric' } : {}),
          ...(spec.optional ? {} : { 'aria-required': 'true' }),
          ...(spec.field === 'id' && item ? { readonly: true } : {}),
        });
      }
      control.setAttribute('aria-describedby', described);
      const read = (): unknown => {
        const raw = control.value.trim();
        if (spec.type === 'decimal' || spec.type === 'integer') return raw === '' ? undefined : readDecimal(raw);
        if (spec.optional && raw === '') return null;
        return raw;
      };
      inputs.set(spec.field, {
        spec,
        read,
        focus: () => control.focus(),
        error,
        mark: (bad) => (bad ? control.setAttribute('aria-invalid', 'true') : control.removeAttribute('aria-invalid')),
      });
      return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint, error);
    });
    const formError = h('p', { class: 'form-error', role: 'alert', id: 'inventory-form-error' });
    const save = h('button', { type: 'submit', class: 'primary', id: 'inventory-save' }, t('inventory.form.save'));
    const cancel = h('button', { type: 'button', id: 'inventory-cancel' }, t('inventory.form.cancel'));
    cancel.addEventListener('click', () => {
      this.closeForm();
      this.addButton.focus();
    });
    const headingText = item ? t('inventory.form.editHeading', { id: item.id }) : t('inventory.form.addHeading', { kind: t(`inventory.one.${kind}`) });
    const formHeading = h('h4', { id: 'inventory-form-heading', tabindex: -1 }, headingText);
    const form = h('form', { class: 'admin-form inventory-form', novalidate: true, 'aria-labelledby': 'inventory-form-heading', id: 'inventory-form' }, ...fields, h('div', { class: 'form-actions' }, formError, cancel, save));

    const showIssues = (issues: readonly { field: string; text: string }[]): void => {
      for (const entry of inputs.values()) {
        entry.error.textContent = '';
        entry.mark(false);
      }
      for (const { field, text } of issues) {
        const entry = inputs.get(field);
        if (!entry) continue;
        entry.error.textContent = entry.error.textContent ? `${entry.error.textContent} ${text}` : text;
        entry.mark(true);
      }
      const first = FIELDS[kind].find((s) => issues.some((i) => i.field === s.field));
      if (first) inputs.get(first.field)?.focus();
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      formError.textContent = '';
      const candidate: Record<string, unknown> = {};
      for (const [field, entry] of inputs) candidate[field] = entry.read();
      const missing = [...inputs.values()].filter((e) => !e.spec.optional && (candidate[e.spec.field] === undefined || candidate[e.spec.field] === ''));
      const parsed = INVENTORY_ITEM_SCHEMAS[kind].safeParse(candidate);
      const problems = missing.map((e) => ({ field: e.spec.field, text: t('inventory.validation.required') }));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          const entry = inputs.get(field);
          if (!entry || problems.some((p) => p.field === field)) continue;
          problems.push({ field, text: issueText(entry.spec, issue as unknown as Parameters<typeof issueText>[1]) });
        }
      }
      showIssues(problems);
      if (problems.length > 0 || !parsed.success) {
        formError.textContent = t('inventory.form.fixErrors');
        return;
      }
      save.disabled = true;
      const body = parsed.data as { id: string };
      api
        .saveInventoryItem(kind, body, item ? item.id : null)
        .then(
          async () => {
            this.closeForm();
            this.options.onChange?.();
            this.say(item ? t('inventory.form.updated', { id: body.id }) : t('inventory.form.created', { id: body.id }));
            await this.refresh();
            this.search.value = body.id;
            this.renderList();
            this.table.querySelector<HTMLButtonElement>('tbody tr button')?.focus();
          },
          (failure: unknown) => {
            const issues: readonly Issue[] = failure instanceof ApiError ? failure.issues : [];
            const known = issues.filter((i) => inputs.has(i.path.split('.')[0] ?? ''));
            if (known.length > 0) showIssues(known.map((i) => ({ field: i.path.split('.')[0]!, text: i.message })));
            formError.textContent = describeError(failure, Object.fromEntries(FIELDS[kind].map((s) => [s.field, columnLabel(s.field)])));
          },
        )
        .finally(() => {
          save.disabled = false;
        });
    });
    this.formBox.replaceChildren(h('div', { class: 'inventory-form-card' }, formHeading, form));
    this.formBox.hidden = false;
    if (item) formHeading.focus();
    else inputs.get('id')?.focus();
  }

  // ---------- import ----------

  private clearPreview(): void {
    this.previewBox.hidden = true;
    this.previewBox.replaceChildren();
    this.importError.textContent = '';
  }

  private fileFormat(file: File): 'csv' | 'geojson' {
    const name = file.name.toLowerCase();
    if (name.endsWith('.geojson') || name.endsWith('.json') || file.type.includes('json')) return 'geojson';
    return 'csv';
  }

  private async preview(): Promise<void> {
    this.clearPreview();
    const file = this.fileInput.files?.[0];
    if (!file) {
      this.importError.textContent = t('inventory.import.noFile');
      this.fileInput.focus();
      return;
    }
    const kind = this.kind;
    const mode = this.modeSelect.value as 'merge' | 'replace';
    const format = this.fileFormat(file);
    let result: ImportResult;
    try {
      result = await api.importInventory(kind, file, { format, mode, dryRun: true });
    } catch (failure) {
      this.importError.textContent = describeError(failure);
      return;
    }
    this.renderPreview(file, result, () => void this.apply(file, kind, format, mode));
  }

  private renderPreview(file: File, r: ImportResult, onApply: () => void): void {
    const format = r.format === 'csv' ? `CSV (${r.delimiter === ';' ? ';' : r.delimiter === '\t' ? 'tab' : ','})` : 'GeoJSON';
    const counts = h(
      'ul',
      { class: 'import-counts', id: 'inventory-preview-counts' },
      h('li', {}, t('inventory.import.format', { format })),
      h('li', {}, t('inventory.import.rows', { count: formatNumber(r.rows) })),
      h('li', { 'data-count': 'create' }, t('inventory.import.create', { count: formatNumber(r.create.length) })),
      h('li', { 'data-count': 'update' }, t('inventory.import.update', { count: formatNumber(r.update.length) })),
      h('li', {}, t('inventory.import.unchanged', { count: formatNumber(r.unchanged) })),
      h('li', { 'data-count': 'retire' }, t('inventory.import.retire', { count: formatNumber(r.retire.length) })),
      h('li', { 'data-count': 'rejected', class: r.rejected.length > 0 ? 'bad' : '' }, t('inventory.import.rejected', { count: formatNumber(r.rejected.length) })),
    );
    const parts: HTMLElement[] = [h('h4', { id: 'inventory-preview-heading', tabindex: -1 }, t('inventory.import.previewHeading', { file: file.name })), counts];
    if (r.update.length > 0) {
      parts.push(
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { id: 'inventory-preview-updates', 'aria-label': t('inventory.import.update', { count: formatNumber(r.update.length) }) },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, columnLabel('id')), h('th', { scope: 'col' }, t('inventory.import.changedFields')))),
            h('tbody', {}, ...r.update.slice(0, MAX_ROWS).map((u) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, u.id)), h('td', {}, u.fields.map(columnLabel).join(', '))))),
          ),
        ),
      );
    }
    if (r.rejected.length > 0) {
      parts.push(
        h('h4', { id: 'inventory-rejected-heading' }, t('inventory.import.rejectedHeading')),
        h('p', { class: 'form-error', role: 'alert' }, t('inventory.import.rejectedIntro')),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { id: 'inventory-rejected', 'aria-labelledby': 'inventory-rejected-heading' },
            h(
              'thead',
              {},
              h('tr', {}, ...[r.format === 'csv' ? t('inventory.import.line') : t('inventory.import.feature'), t('inventory.import.column'), columnLabel('id'), t('inventory.import.reason')].map((c) => h('th', { scope: 'col' }, c))),
            ),
            h(
              'tbody',
              {},
              ...r.rejected.map((x) =>
                h(
                  'tr',
                  { class: 'rejected' },
                  h('td', { class: 'nowrap' }, x.line !== undefined ? formatNumber(x.line) : x.index !== undefined ? formatNumber(x.index) : t('inventory.import.wholeFile')),
                  h('td', {}, x.column ? h('code', {}, x.column) : t('common.dash')),
                  h('td', {}, x.id ? h('code', {}, x.id) : t('common.dash')),
                  h('td', {}, h('strong', {}, t(`inventory.import.codes.${x.code}`)), ` — ${rejectReason(x)}`),
                ),
              ),
            ),
          ),
        ),
      );
    }
    const apply = h('button', { type: 'button', class: 'primary', id: 'inventory-apply', disabled: r.rejected.length > 0 || r.create.length + r.update.length + r.retire.length === 0 }, t('inventory.import.apply'));
    apply.addEventListener('click', () => {
      apply.disabled = true;
      onApply();
    });
    parts.push(h('div', { class: 'form-actions' }, h('span'), apply));
    this.previewBox.replaceChildren(...parts);
    this.previewBox.hidden = false;
    this.previewBox.querySelector<HTMLElement>('#inventory-preview-heading')?.focus();
  }

  private async apply(file: File, kind: InventoryKind, format: 'csv' | 'geojson', mode: 'merge' | 'replace'): Promise<void> {
    let result: ImportResult;
    try {
      result = await api.importInventory(kind, file, { format, mode, dryRun: false });
    } catch (failure) {
      const count = failure instanceof ApiError ? failure.issues.length : 0;
      this.importError.textContent = count > 0 ? `${t('inventory.import.blocked', { count })} ${describeError(failure)}` : describeError(failure);
      return;
    }
    this.options.onChange?.();
    this.clearPreview();
    this.importForm.reset();
    this.say(t('inventory.import.applied', { create: formatNumber(result.create.length), update: formatNumber(result.update.length), retire: formatNumber(result.retire.length) }));
    await this.refresh();
    this.heading.focus();
  }
}
