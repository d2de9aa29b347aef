// @ts-check
// What the team's pages for stories, value domains, datasets, partners and events share: lists read whole, a table
// of records, fields of their own for `recordForm` (records to pick, impact figures, a contact person), the
// status moves a record offers, and the notice that says what an action did.

import { ApiError } from '../../api.js';
import { announce, h, routeLink } from '../../dom.js';
import { isTextKey, t } from '../../lang.js';
import { mayLeave } from '../../router.js';
import { errorBox } from '../../ui/frame.js';

/** @typedef {import('../../ui/editor.js').CustomField} CustomField */
/** @typedef {import('../../dom.js').Child} Child */

/** How many pages of 100 a team list reads at most (the catalogue is far smaller). */
const MAX_PAGES = 20;

/**
 * Every record of a list, read a page of 100 at a time.
 * @param {(after: string | null) => Promise<any>} fetchPage one page's answer, after a cursor
 * @param {(data: any) => { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: any[] }} pick the list in an answer
 * @returns {Promise<any[]>}
 */
export async function readAll(fetchPage, pick) {
  const all = [];
  /** @type {string | null} */
  let after = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = pick(await fetchPage(after));
    all.push(...list.nodes);
    if (!list.pageInfo.hasNextPage) break;
    after = list.pageInfo.endCursor;
  }
  return all;
}

/**
 * The records a form offers to link: those of a list read in part (its first 100, say), followed by the
 * ones the record links now that the list left out, so that saving never drops a link no one touched.
 * @param {any[]} listed records with an `id`
 * @param {any[]} linked
 * @returns {any[]}
 */
export function withLinked(listed, linked) {
  const ids = new Set(listed.map((r) => r.id));
  return [...listed, ...linked.filter((r) => !ids.has(r.id))];
}

/**
 * Whether the signed-in account manages a record of these cities, as `access.rs` decides: an admin always,
 * a coordinator for a record of one of their cities or of none in particular. Only to leave out what the
 * account cannot change; the API decides.
 * @param {import('../../account.js').Account} me
 * @param {(string | null | undefined)[]} cities
 */
export function manages(me, cities) {
  if (me.role === 'ADMIN') return true;
  const named = cities.filter(Boolean);
  return !named.length || named.some((c) => me.cities.includes(/** @type {string} */ (c)));
}

/**
 * A table of records, scrolling sideways on a narrow screen.
 * @param {string} caption
 * @param {string[]} headers
 * @param {Child[][]} rows each row's cells; the first is the row's heading
 * @param {string} testid
 */
export function recordTable(caption, headers, rows, testid) {
  if (!rows.length) return h('p', { class: 'muted empty', testid: `${testid}-empty` }, t('emptyFiltered'));
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'team-table', testid },
      h('caption', { class: 'sr-only' }, caption),
      h('thead', null, h('tr', null, headers.map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', null, rows.map(([first, ...rest]) => h('tr', { testid: `${testid}-row` }, h('th', { scope: 'row' }, first), rest.map((cell) => h('td', null, cell))))),
    ),
  );
}

/**
 * A page's link to add a record.
 * @param {string[]} parts
 * @param {string} text
 * @param {string} testid
 */
export const newLink = (parts, text, testid) => h('p', { class: 'buttons' }, routeLink(parts, text, { class: 'btn', testid }));

/**
 * A notice saying what an action did, to put where the action was and focus.
 * @param {string} text
 * @param {string} testid
 * @param {Child} [extra]
 */
export function resultNotice(text, testid, extra) {
  return h('div', { class: 'notice', role: 'status', tabindex: '-1', testid }, h('p', null, text), extra || null);
}

/**
 * Checks that the required fields being sent are filled (an empty choice or number cannot be sent at all),
 * with the API's own error for an empty field, so the form shows it at the field.
 * @param {Record<string, unknown>} input
 * @param {string[]} names
 */
export function requireFilled(input, names) {
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(input, name)) continue;
    const value = input[name];
    if (value === null || value === undefined || value === '') throw new ApiError('VALIDATION', `${name} is required`, name);
  }
}

/**
 * A text of a status move by its key made at run time (`<prefix><STATUS>`), or the status itself when
 * there is none.
 * @param {string} prefix
 * @param {string} status
 */
export function moveText(prefix, status) {
  const key = prefix + status;
  return isTextKey(key) ? t(/** @type {import('../../lang.js').TextKey} */ (key)) : status;
}

/**
 * The buttons of a record's status moves (`nextStatuses`). A move asks first when the form holds unsaved
 * changes (the page is shown anew after it); a refusal is said beside the buttons.
 * @param {object} moves
 * @param {string} moves.name the record's kind, for test ids (`story-move-PUBLISHED`)
 * @param {string[]} moves.nextStatuses
 * @param {string} moves.labelPrefix the text keys of the buttons, `<prefix><STATUS>`
 * @param {(status: string) => Promise<void>} moves.move makes the move and shows the page anew
 */
export function statusMoves({ name, nextStatuses, labelPrefix, move }) {
  const slot = h('div', { testid: `${name}-move-error` });
  const buttons = nextStatuses.map((status) => {
    const button = h('button', { type: 'button', class: status === 'ARCHIVED' || status === 'DRAFT' ? 'btn btn-secondary' : 'btn', testid: `${name}-move-${status}` }, moveText(labelPrefix, status));
    button.addEventListener('click', async () => {
      if (!mayLeave()) return;
      for (const b of buttons) b.disabled = true;
      slot.replaceChildren();
      try {
        await move(status);
      } catch (err) {
        for (const b of buttons) b.disabled = false;
        showRefusal(slot, err);
      }
    });
    return button;
  });
  if (!buttons.length) return null;
  return h('div', null, h('p', { class: 'buttons status-moves' }, buttons.flatMap((b) => [b, ' '])), slot);
}

/**
 * Shows why an action was refused in `slot`, beside the action, and gives it the focus; `retry`, if given,
 * is offered with it.
 * @param {HTMLElement} slot
 * @param {any} err a thrown error
 * @param {(() => void) | null} [retry]
 */
export function showRefusal(slot, err, retry = null) {
  const box = errorBox(err, retry, false);
  box.setAttribute('tabindex', '-1');
  slot.replaceChildren(box);
  box.focus();
}

/**
 * Puts the focus on an action's result, and says it.
 * @param {HTMLElement | null} notice
 */
export function focusResult(notice) {
  if (!notice) return;
  notice.focus();
  announce(notice.textContent || '');
}

/**
 * Records to pick from, as checkboxes with a filter for a long list; its value is the ids picked, in the
 * list's order. The form's fieldset names the group (its legend).
 * @param {string} formName the form's name (the field's id is `<form>-<field>`, where its label points)
 * @param {string} fieldName the input's field (a validation error names it)
 * @param {string} labelText
 * @param {{ value: string, label: string }[]} options
 * @returns {CustomField}
 */
export function recordPicker(formName, fieldName, labelText, options) {
  const id = `${formName}-${fieldName}`;
  const boxes = options.map((option, i) => h('input', { type: 'checkbox', id: `${id}-${i}`, value: option.value, testid: `${id}-option` }));
  const items = options.map((option, i) => h('li', null, h('label', { class: 'checkbox', for: boxes[i].id }, boxes[i], ' ', option.label)));
  const filter = h('input', { type: 'search', id: `${id}-filter`, class: 'picker-filter', testid: `${id}-filter`, 'aria-label': t('pickerFilter', { what: labelText }), placeholder: t('pickerFilter', { what: labelText }) });
  const picked = h('p', { class: 'muted small', 'aria-live': 'polite', testid: `${id}-count` });
  const showCount = () => (picked.textContent = t('pickerChosen', { n: boxes.filter((b) => b.checked).length }));
  // Filtering hides what does not match, never what is picked.
  filter.addEventListener('input', (e) => {
    e.stopPropagation();
    const words = filter.value.trim().toLowerCase();
    options.forEach((option, i) => (items[i].hidden = !!words && !boxes[i].checked && !option.label.toLowerCase().includes(words)));
  });
  // Enter in the filter filters; it does not send the form.
  filter.addEventListener('keydown', (e) => e.key === 'Enter' && e.preventDefault());
  for (const box of boxes) box.addEventListener('change', showCount);
  const element = h(
    'div',
    { class: 'picker', id, testid: id, 'data-field': fieldName, tabindex: '-1' },
    options.length > 8 ? filter : null,
    options.length ? h('ul', { class: 'picker-list' }, items) : h('p', { class: 'muted' }, t('noItems')),
    picked,
  );
  return {
    element,
    read: () => boxes.filter((b) => b.checked).map((b) => b.value),
    write: (value) => {
      const chosen = new Set(Array.isArray(value) ? value : []);
      for (const box of boxes) box.checked = chosen.has(box.value);
      showCount();
    },
  };
}

/**
 * A story's impact figures: rows of what was measured and its figure, added and removed at will; its value
 * is the rows not left wholly empty, as `ImpactFigureInput`s.
 * @param {string} formName
 * @returns {CustomField}
 */
export function impactFigures(formName) {
  const id = `${formName}-impactFigures`;
  const rows = h('ol', { class: 'figure-rows', testid: `${id}-rows` });
  const group = h('div', { class: 'figure-editor', id, testid: id, 'data-field': 'impactFigures', tabindex: '-1' });
  /** Tells the form that its value changed (it listens for input). */
  const changed = () => group.dispatchEvent(new Event('input', { bubbles: true }));
  // Ids only ever grow: a row removed from the middle leaves its number unused, never shared by two rows.
  let made = 0;
  /** @param {{ label?: string, value?: string }} figure */
  const addRow = (figure) => {
    const n = rows.children.length + 1;
    const key = ++made;
    const what = h('input', { type: 'text', id: `${id}-label-${key}`, class: 'figure-what', testid: `${id}-label`, value: figure.label || '' });
    const value = h('input', { type: 'text', id: `${id}-value-${key}`, class: 'figure-value-input', testid: `${id}-value`, value: figure.value || '' });
    const remove = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: `${id}-remove` }, t('figureRemove'), h('span', { class: 'sr-only' }, ` ${n}`));
    const row = h(
      'li',
      { class: 'figure-row' },
      h('span', { class: 'field' }, h('label', { for: what.id }, t('figureLabel', { n })), what),
      h('span', { class: 'field' }, h('label', { for: value.id }, t('figureValue', { n })), value),
      remove,
    );
    remove.addEventListener('click', () => {
      row.remove();
      changed();
      add.focus();
    });
    rows.append(row);
    return what;
  };
  const add = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: `${id}-add` }, t('figureAdd'));
  add.addEventListener('click', () => {
    addRow({}).focus();
    changed();
  });
  group.append(rows, h('p', { class: 'buttons' }, add));
  return {
    element: group,
    read: () =>
      [...rows.querySelectorAll('li')]
        .map((row) => {
          const [what, value] = /** @type {HTMLInputElement[]} */ ([...row.querySelectorAll('input')]);
          return { label: what.value.trim(), value: value.value.trim() };
        })
        .filter((f) => f.label || f.value),
    write: (value) => {
      rows.replaceChildren();
      for (const figure of Array.isArray(value) ? value : []) addRow(figure);
    },
  };
}

/**
 * A partner's contact person (private): name, e-mail address and phone; its value is null when all three
 * are empty, else a `ContactInput`.
 * @param {string} formName
 * @returns {CustomField}
 */
export function contactInput(formName) {
  const id = `${formName}-contact`;
  const input = (/** @type {string} */ part, /** @type {string} */ type, /** @type {string} */ text) => {
    // The API names a contact's error by its part (`contact.email`), so it lands on that input.
    const el = h('input', { type, id: `${id}-${part}`, testid: `${id}-${part}`, autocomplete: 'off', 'data-field': `contact.${part}`, 'aria-describedby': `${id}-help` });
    return { el, field: h('div', { class: 'field' }, h('label', { for: el.id }, text), el) };
  };
  const name = input('name', 'text', t('contactName'));
  const email = input('email', 'email', t('contactEmail'));
  const phone = input('phone', 'tel', t('contactPhone'));
  const element = h('div', { class: 'contact-editor', id, testid: id, 'data-field': 'contact', tabindex: '-1' }, name.field, email.field, phone.field);
  return {
    element,
    read: () => {
      const [n, e, p] = [name.el.value.trim(), email.el.value.trim(), phone.el.value.trim()];
      return n || e || p ? { name: n, email: e, phone: p || null } : null;
    },
    write: (value) => {
      const c = value && typeof value === 'object' ? /** @type {{ name?: string, email?: string, phone?: string | null }} */ (value) : {};
      name.el.value = c.name || '';
      email.el.value = c.email || '';
      phone.el.value = c.phone || '';
    },
  };
}
