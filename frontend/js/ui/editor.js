// @ts-check
// The team's record forms: fields made from a list of their kinds, a Markdown editor with the API's own
// preview, times typed in Brussels, only the changed fields sent, a validation error at its field, a change
// made meanwhile by someone else shown beside the user's own text (CONFLICT on `expectedUpdatedAt`), and a
// question before leaving with unsaved changes.

import { ApiError, gql } from '../api.js';
import { announce, h, renderedMarkdown } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as editorQueries from '../queries/editor.js';
import { guardUnsaved } from '../router.js';
import { brusselsToInstant, brusselsZoneName, instantInBrussels } from '../time.js';
import { formError } from './forms.js';
import { errorBox } from './frame.js';

/**
 * A field of a record form. `name` is the API input's field (a validation error names it). Kinds:
 * `text`, `url`, `email` (one line), `textarea` (several), `markdown` (with a preview), `number`, `date`
 * (a calendar day), `datetime` (a day and time typed in Brussels, sent with its offset), `enum` (one value
 * of `enumName`), `enums` (any of them, as checkboxes), `select` (one of `options`, the ids of other
 * records), `lines` (a list of texts, one per line) and `custom` (`custom` makes it; shown in a fieldset
 * whose legend is the label, so the custom element need not name itself).
 * @typedef {object} Field
 * @property {string} name
 * @property {string} label
 * @property {'text' | 'url' | 'email' | 'textarea' | 'markdown' | 'number' | 'date' | 'datetime' | 'enum' | 'enums' | 'select' | 'lines' | 'custom'} kind
 * @property {boolean} [required] the API refuses the record without it
 * @property {boolean} [nullable] an empty value is sent as null (a text, a number, a choice or a day the
 *   record may lack); else an empty text is sent as ''
 * @property {import('../lang.js').EnumName} [enumName] for `enum` and `enums`
 * @property {{ value: string, label: string }[]} [options] for `select`
 * @property {string} [help] a line under the label
 * @property {Record<string, string | number>} [attributes] for the input (`min`, `max`, `step`, …)
 * @property {CustomField} [custom] for `custom`
 */
/**
 * A field the page makes itself (capabilities with weights, quotas per stakeholder type): its element, and
 * how to read and write its value, which must survive `JSON.stringify` unchanged; `show`, if given, puts a
 * value in words for a conflict's comparison (else it is shown as JSON).
 * @typedef {{ element: HTMLElement, read: () => unknown, write: (value: unknown) => void, show?: (value: unknown) => string }} CustomField
 */
/**
 * What a form saves: `input` holds the fields to send (all of them for a new record, only the changed ones
 * for an existing one), `expectedUpdatedAt` the version read (null for a new record). It answers the
 * record as saved, with its `updatedAt`. A save of several steps that fails halfway throws `PartlySaved`.
 * @typedef {(input: Record<string, unknown>, expectedUpdatedAt: string | null) => Promise<{ updatedAt: string, [field: string]: any }>} Save
 */

/**
 * What a save of several steps throws when a step fails after an earlier one was saved (an event's fields
 * saved, its quotas refused): the failed step's error, the record as the saved steps left it (with its
 * `updatedAt`) and the fields they saved. The form saves over that version from then on, so that its next
 * save does not conflict with the user's own change, and tells the page the record (`onPartlySaved`).
 */
export class PartlySaved extends Error {
  /**
   * @param {unknown} error what the failed step threw
   * @param {{ updatedAt: string, [field: string]: any }} record the record after the saved steps
   * @param {string[]} saved the names of the fields they saved
   */
  constructor(error, record, saved) {
    super('partly saved');
    this.error = error;
    this.record = record;
    this.updatedAt = record.updatedAt;
    this.saved = saved;
  }
}

/** How long the preview waits after the last key before asking the API again. */
const PREVIEW_DELAY_MS = 400;

/**
 * A Markdown text area with a preview rendered by the API (`markdownPreview`, the same rendering the
 * record's `…Html` field answers), shown on demand and kept up to date while it is open.
 * @param {string} id
 * @param {Field} field
 */
function markdownInput(id, field) {
  const area = h('textarea', { id, name: field.name, rows: '10', 'data-field': field.name, testid: id, 'aria-describedby': `${id}-help`, class: 'markdown-input' });
  const preview = h('div', { class: 'markdown-preview prose', testid: `${id}-preview`, hidden: true, 'aria-live': 'polite', 'aria-label': t('markdownPreview') });
  const toggle = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'aria-pressed': 'false', 'aria-controls': `${id}-preview-box`, testid: `${id}-preview-toggle` }, t('markdownPreview'));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    const text = area.value;
    try {
      const { markdownPreview } = text.trim() ? await gql(editorQueries.MARKDOWN_PREVIEW, { markdown: text }, { signedIn: true }) : { markdownPreview: '' };
      if (mine !== asked) return;
      preview.replaceChildren(markdownPreview ? renderedMarkdown(markdownPreview) : h('p', { class: 'muted' }, t('markdownPreviewEmpty')));
    } catch (err) {
      if (mine === asked) preview.replaceChildren(errorBox(err, null, false));
    }
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(open));
    preview.hidden = !open;
    if (open) refresh();
  });
  area.addEventListener('input', () => {
    if (preview.hidden) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, PREVIEW_DELAY_MS);
  });
  const element = h('div', { class: 'markdown-editor', id: `${id}-preview-box` }, area, h('p', { class: 'buttons' }, toggle), preview);
  return { element, input: area };
}

/**
 * A field's element with its label, and how to read and write its value.
 * @param {string} formName
 * @param {Field} field
 * @returns {{ element: HTMLElement, read: () => unknown, write: (value: unknown) => void }}
 */
function makeField(formName, field) {
  const id = `${formName}-${field.name}`;
  const labelEl = h('label', { for: id }, field.label, field.required ? h('span', { class: 'muted small' }, ` (${t('required')})`) : null);
  const helpText = field.kind === 'markdown' ? t('markdownHelp') : field.kind === 'lines' ? t('listHelp') : field.help;
  const help = helpText ? h('p', { class: 'muted small field-help', id: `${id}-help` }, helpText) : null;
  const wrap = (/** @type {HTMLElement} */ control, /** @type {HTMLElement | null} */ extra = null) => h('div', { class: 'field', 'data-name': field.name }, labelEl, help, control, extra);
  const common = { id, name: field.name, 'data-field': field.name, testid: id, required: !!field.required, 'aria-describedby': help ? `${id}-help` : null, ...field.attributes };
  const emptyAs = field.nullable ? null : '';
  switch (field.kind) {
    case 'markdown': {
      const { element, input } = markdownInput(id, field);
      return { element: wrap(element), read: () => input.value || emptyAs, write: (v) => (input.value = String(v ?? '')) };
    }
    case 'textarea':
    case 'lines': {
      const input = h('textarea', { ...common, rows: field.kind === 'lines' ? '4' : '3' });
      if (field.kind === 'textarea') return { element: wrap(input), read: () => input.value || emptyAs, write: (v) => (input.value = String(v ?? '')) };
      return {
        element: wrap(input),
        read: () => input.value.split('\n').map((s) => s.trim()).filter(Boolean),
        write: (v) => (input.value = Array.isArray(v) ? v.join('\n') : ''),
      };
    }
    case 'number': {
      const input = h('input', { ...common, type: 'number', inputmode: 'numeric' });
      return { element: wrap(input), read: () => (input.value === '' ? null : Number(input.value)), write: (v) => (input.value = v === null || v === undefined ? '' : String(v)) };
    }
    case 'date': {
      const input = h('input', { ...common, type: 'date' });
      return { element: wrap(input), read: () => input.value || null, write: (v) => (input.value = typeof v === 'string' ? v.slice(0, 10) : '') };
    }
    case 'datetime': {
      const input = h('input', { ...common, type: 'datetime-local' });
      const zone = h('p', { class: 'muted small', testid: `${id}-zone` });
      const showZone = () => (zone.textContent = t('timeZoneTyped', { zone: brusselsZoneName(input.value) }));
      input.addEventListener('input', showZone);
      return {
        element: wrap(input, zone),
        read: () => (input.value ? brusselsToInstant(input.value) : null),
        write: (v) => {
          input.value = instantInBrussels(typeof v === 'string' ? v : null);
          showZone();
        },
      };
    }
    case 'enum':
    case 'select': {
      const choices = field.kind === 'enum' && field.enumName ? enumValues(field.enumName).map((v) => ({ value: v, label: label(/** @type {import('../lang.js').EnumName} */ (field.enumName), v) })) : field.options || [];
      const select = h('select', common, field.required ? null : h('option', { value: '' }, '—'), choices.map((c) => h('option', { value: c.value }, c.label)));
      return {
        element: wrap(select),
        read: () => select.value || null,
        write: (v) => {
          select.value = v === null || v === undefined ? '' : String(v);
        },
      };
    }
    case 'enums': {
      const values = field.enumName ? enumValues(field.enumName) : [];
      const boxes = values.map((v) =>
        h('input', { type: 'checkbox', id: `${id}-${v}`, name: field.name, value: v, testid: `${id}-${v}` }),
      );
      const group = h(
        'fieldset',
        { class: 'field checkboxes', 'data-field': field.name, 'data-name': field.name, id, tabindex: '-1' },
        h('legend', null, field.label),
        help,
        boxes.map((box, i) => h('label', { class: 'checkbox', for: box.id }, box, ' ', label(/** @type {import('../lang.js').EnumName} */ (field.enumName), values[i]))),
      );
      return {
        element: group,
        read: () => boxes.filter((b) => b.checked).map((b) => b.value),
        write: (v) => {
          const chosen = new Set(Array.isArray(v) ? v : []);
          for (const box of boxes) box.checked = chosen.has(box.value);
        },
      };
    }
    case 'custom': {
      if (!field.custom) throw new Error(`the custom field ${field.name} has no maker`);
      const custom = field.custom;
      // A group of controls is named by its legend (a label names one control only).
      const group = h('fieldset', { class: 'field custom-field', 'data-name': field.name, 'aria-describedby': help ? `${id}-help` : null }, h('legend', null, field.label), help, custom.element);
      return { element: group, read: custom.read, write: custom.write };
    }
    default: {
      const input = h('input', { ...common, type: field.kind });
      return { element: wrap(input), read: () => input.value.trim() || emptyAs, write: (v) => (input.value = String(v ?? '')) };
    }
  }
}

/** A value as text for the conflict's comparison. */
function shown(/** @type {unknown} */ value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return t('emptyValue');
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A value as JSON with every object's keys in one order: the API answers a record's current values with
 * their keys sorted, a custom field reads them in its own order (a quota's `stakeholderType` first).
 * @param {unknown} value
 */
const canonical = (value) =>
  JSON.stringify(value ?? null, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));

/** Whether two values are the same for the form (the same JSON, whatever the order of an object's keys). */
const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => canonical(a) === canonical(b);

/**
 * A record's form. `values` are the record's fields as the API answers them (for a new record, the
 * starting values), with the `updatedAt` they were read at; `save` sends the change. After a save, the
 * saved values become the new starting point; `onSaved` is told (a new record's page moves to its edit
 * form, say). `onPartlySaved` is told the record as a save of several steps left it when a later step was
 * refused (`PartlySaved`), so that what the page shows of the record beside the form is not left stale.
 * `onVersion` is told each version the form saves over from then on (after a save, and once a conflict is
 * settled), for a page's other actions that send the version back. While the form holds unsaved changes,
 * leaving the page asks first.
 * @param {{
 *   name: string,
 *   fields: Field[],
 *   values: Record<string, unknown>,
 *   updatedAt: string | null,
 *   save: Save,
 *   onSaved?: (record: any) => void,
 *   onPartlySaved?: (record: any) => void,
 *   onVersion?: (updatedAt: string) => void,
 *   submitText?: string,
 * }} options
 */
export function recordForm({ name, fields, values, updatedAt, save, onSaved, onPartlySaved, onVersion, submitText }) {
  const made = fields.map((field) => ({ field, ...makeField(name, field) }));
  const status = h('div', { class: 'form-status', testid: `${name}-status` });
  const dirtyNote = h('span', { class: 'muted small dirty-note', testid: `${name}-dirty`, hidden: true }, t('unsavedChanges'));
  const submit = h('button', { type: 'submit', class: 'btn', testid: `${name}-save` }, submitText || t('save'));
  const form = h('form', { class: 'form record-form', novalidate: true, testid: `${name}-form` }, made.map((m) => m.element), h('p', { class: 'buttons' }, submit, ' ', dirtyNote), status);

  /** Every field's value as the form holds it now. */
  const read = () => Object.fromEntries(made.map((m) => [m.field.name, m.read()]));
  /** @param {Record<string, unknown>} record */
  const write = (record) => {
    for (const m of made) if (Object.prototype.hasOwnProperty.call(record, m.field.name)) m.write(record[m.field.name]);
  };
  write(values);
  // What the form was filled with, read back through the fields (so an untouched form is not "changed").
  let baseline = read();
  let version = updatedAt;
  const isNew = updatedAt === null;
  const changed = () => Object.fromEntries(Object.entries(read()).filter(([key, value]) => isNew || !same(value, baseline[key])));
  const dirty = () => Object.keys(changed()).length > 0 && (!isNew || !same(read(), baseline));
  const showDirty = () => (dirtyNote.hidden = !dirty());
  form.addEventListener('input', showDirty);
  form.addEventListener('change', showDirty);
  // A form no longer on the page (shown anew after a status move) has nothing left to lose.
  guardUnsaved(() => form.isConnected && dirty());

  /**
   * Someone else saved the record since it was read: shows what is saved now beside the user's version,
   * which stays in the form, and offers to save it over theirs or to take theirs.
   * @param {Record<string, any>} current the record's current values (`extensions.current`)
   */
  const showConflict = (current) => {
    const mine = read();
    // The fields that differ between what is saved now and what the form holds.
    const differing = made.filter((m) => Object.prototype.hasOwnProperty.call(current, m.field.name) && !same(normalise(m, current[m.field.name]), mine[m.field.name]));
    const keepMine = h('button', { type: 'button', class: 'btn', testid: `${name}-keep-mine` }, t('conflictKeepMine'));
    const takeTheirs = h('button', { type: 'button', class: 'btn btn-secondary', testid: `${name}-take-theirs` }, t('conflictTakeTheirs'));
    const box = h(
      'div',
      { class: 'notice notice-error conflict', role: 'alert', testid: `${name}-conflict`, tabindex: '-1' },
      h('p', { class: 'notice-title' }, t('conflictTitle')),
      h('p', null, t('conflictText')),
      h(
        'table',
        { class: 'conflict-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('conflictField')), h('th', { scope: 'col' }, t('conflictTheirs')), h('th', { scope: 'col' }, t('conflictMine')))),
        h(
          'tbody',
          null,
          differing.map((m) => {
            const show = m.field.custom?.show || shown;
            return h('tr', { 'data-field': m.field.name, testid: 'conflict-row' }, h('th', { scope: 'row' }, m.field.label), h('td', { testid: 'conflict-theirs' }, show(current[m.field.name])), h('td', { testid: 'conflict-mine' }, show(mine[m.field.name])));
          }),
        ),
      ),
      h('p', { class: 'buttons' }, keepMine, ' ', takeTheirs),
    );
    const adopt = () => {
      // From now on the form compares with, and saves over, the version saved now.
      baseline = Object.fromEntries(made.map((m) => [m.field.name, Object.prototype.hasOwnProperty.call(current, m.field.name) ? normalise(m, current[m.field.name]) : baseline[m.field.name]]));
      version = current.updatedAt ?? version;
      if (onVersion && version) onVersion(version);
    };
    keepMine.addEventListener('click', () => {
      adopt();
      status.replaceChildren();
      form.requestSubmit();
    });
    takeTheirs.addEventListener('click', () => {
      adopt();
      write(current);
      status.replaceChildren();
      showDirty();
      submit.focus();
    });
    status.replaceChildren(box);
    box.focus();
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = changed();
    if (!isNew && !Object.keys(input).length) {
      status.replaceChildren(h('p', { class: 'notice', role: 'status', testid: `${name}-saved` }, t('saved')));
      return;
    }
    submit.disabled = true;
    status.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('saving')));
    try {
      const record = await save(input, version);
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      baseline = read();
      version = record.updatedAt ?? version;
      if (onVersion && version) onVersion(version);
      status.replaceChildren(h('p', { class: 'notice', role: 'status', testid: `${name}-saved` }, isNew ? t('created') : t('saved')));
      announce(isNew ? t('created') : t('saved'));
      showDirty();
      if (onSaved) onSaved(record);
    } catch (err) {
      let problem = err;
      if (err instanceof PartlySaved) {
        // What was saved is the new starting point; the rest stays changed, to be saved again.
        for (const key of err.saved) if (Object.prototype.hasOwnProperty.call(input, key)) baseline[key] = input[key];
        version = err.updatedAt;
        if (onVersion) onVersion(version);
        showDirty();
        if (onPartlySaved) onPartlySaved(err.record);
        problem = err.error;
      }
      if (problem instanceof ApiError && problem.code === 'CONFLICT' && problem.current) showConflict(problem.current);
      else formError(form, status, problem);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/**
 * A value from the API as the field would read it back once written (a time in Brussels to the minute,
 * say), so that comparing it with the form's value compares like with like.
 * @param {{ field: Field, read: () => unknown, write: (value: unknown) => void }} m
 * @param {unknown} value
 */
function normalise(m, value) {
  if (m.field.kind === 'datetime') return typeof value === 'string' && value ? brusselsToInstant(instantInBrussels(value)) : null;
  if (m.field.kind === 'date') return typeof value === 'string' ? value.slice(0, 10) : null;
  if ((value === null || value === undefined || value === '') && ['text', 'url', 'email', 'textarea', 'markdown'].includes(m.field.kind)) return m.field.nullable ? null : '';
  return value ?? (m.field.kind === 'enums' || m.field.kind === 'lines' ? [] : null);
}
