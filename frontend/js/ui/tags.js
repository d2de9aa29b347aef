// @ts-check
// Tags typed one at a time, with the words matching knows suggested as the user types (a `<datalist>`), and
// any other word allowed: a partner's capabilities, the data it offers and the data it needs.

import { announce, h } from '../dom.js';
import { locale, t } from '../lang.js';

/** Tells the form that the field changed without a key being typed (a tag added or removed). */
const changed = (/** @type {HTMLElement} */ el) => el.dispatchEvent(new Event('change', { bubbles: true }));

/**
 * A list of tags: each shown with a button that removes it, and a text box (with suggestions) whose word is
 * added with Enter, a comma or the add button. Its value is the tags, with a word still in the text box
 * counted too, so nothing typed is lost. It fits a record form as a `custom` field (whose legend names it)
 * or a plain form inside a fieldset.
 * @param {string} id the field's id (a validation error focuses it; its help is `${id}-help`)
 * @param {string} field the API's name for it (a validation error names it)
 * @param {string} labelText what the tags are, for the text box's label and the remove buttons
 * @param {string[]} suggestions the words offered as the user types
 * @returns {import('./editor.js').CustomField}
 */
export function tagsInput(id, field, labelText, suggestions) {
  const listId = `${id}-suggestions`;
  const words = h('datalist', { id: listId }, [...new Set(suggestions)].sort((a, b) => a.localeCompare(b, locale())).map((word) => h('option', { value: word })));
  const list = h('ul', { class: 'tag-list', testid: `${id}-tags`, 'aria-label': labelText });
  const input = h('input', { type: 'text', id: `${id}-input`, list: listId, maxlength: 300, autocomplete: 'off', 'aria-describedby': `${id}-help`, testid: `${id}-input` });
  const add = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: `${id}-add` }, t('tagAdd'));
  const element = h(
    'div',
    { id, class: 'tags-input', tabindex: '-1', 'data-field': field, 'aria-describedby': `${id}-help` },
    list,
    h('p', { class: 'muted small field-help', id: `${id}-help` }, t('tagsHelp')),
    h('p', { class: 'tag-entry' }, h('label', { for: input.id }, t('tagNew', { what: labelText })), ' ', input, ' ', add),
    words,
  );
  /** The tags shown now. */
  const tags = () => [...list.querySelectorAll('li')].map((li) => li.getAttribute('data-tag') || '');

  /** Shows one more tag (not one already there, in any case). */
  const show = (/** @type {string} */ tag) => {
    if (tags().some((old) => old.toLocaleLowerCase() === tag.toLocaleLowerCase())) return false;
    const remove = h('button', { type: 'button', class: 'tag-remove', 'aria-label': t('tagRemove', { tag }), testid: `${id}-remove` }, '×');
    const item = h('li', { class: 'chip tag', 'data-tag': tag, testid: `${id}-tag` }, h('span', null, tag), ' ', remove);
    remove.addEventListener('click', () => {
      const next = /** @type {HTMLElement | null} */ ((item.nextElementSibling || item.previousElementSibling)?.querySelector('button') ?? null);
      item.remove();
      changed(element);
      announce(t('tagRemoved', { tag }));
      (next || input).focus();
    });
    list.append(item);
    return true;
  };

  /** Adds the word(s) in the text box. */
  const addTyped = () => {
    const typed = input.value.split(',').map((s) => s.trim()).filter(Boolean);
    input.value = '';
    let added = false;
    for (const tag of typed) added = show(tag) || added;
    if (added) {
      changed(element);
      announce(t('tagAdded', { tag: typed.join(', ') }));
    }
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      // Enter adds the tag instead of sending the form.
      e.preventDefault();
      addTyped();
    }
  });
  input.addEventListener('input', () => {
    if (input.value.includes(',')) addTyped();
  });
  add.addEventListener('click', () => {
    addTyped();
    input.focus();
  });
  return {
    element,
    read: () => {
      const pending = input.value.split(',').map((s) => s.trim()).filter(Boolean);
      return [...tags(), ...pending.filter((p) => !tags().some((old) => old.toLocaleLowerCase() === p.toLocaleLowerCase()))];
    },
    write: (value) => {
      list.replaceChildren();
      input.value = '';
      for (const tag of Array.isArray(value) ? value : []) show(String(tag));
    },
    show: (value) => (Array.isArray(value) && value.length ? value.join(', ') : t('emptyValue')),
  };
}
