// @ts-check
// Forms: labelled fields, and a failed request shown at the field it is about.

import { ApiError } from '../api.js';
import { h, renderedMarkdown } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import { errorBox } from './frame.js';

/**
 * A labelled input of a form (`formName` makes the id and test id); `field` is the API's name for it, so
 * a validation error can point at it.
 * @param {string} formName
 * @param {string} name
 * @param {string} labelText
 * @param {{ type?: string, field?: string, required?: boolean, [attribute: string]: any }} [options]
 */
export function inputField(formName, name, labelText, { type = 'text', field = name, required = true, ...attrs } = {}) {
  const id = `${formName}-${name}`;
  const tag = type === 'textarea' ? 'textarea' : 'input';
  const input = h(tag, { id, name, type: tag === 'input' ? type : null, required, 'data-field': field, testid: id, ...attrs });
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), input);
}

/**
 * The input, choice or text area of a form, by its name.
 * @param {HTMLFormElement} form
 * @param {string} name
 */
export function formInput(form, name) {
  return /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
}

/**
 * Puts `next` where `old` was (an action's button, say) and moves the focus to it.
 * @param {Element} old
 * @param {HTMLElement} next
 */
export function replaceFocused(old, next) {
  next.setAttribute('tabindex', '-1');
  old.replaceWith(next);
  next.focus();
}

/**
 * A labelled choice of enum values; `anyText` adds an empty first choice.
 * @param {string} formName
 * @param {string} name
 * @param {string} labelText
 * @param {import('../lang.js').EnumName} enumName
 * @param {string} [anyText]
 */
export function enumField(formName, name, labelText, enumName, anyText) {
  const id = `${formName}-${name}`;
  const select = h(
    'select',
    { id, name, required: !anyText, 'data-field': name, testid: id },
    anyText ? h('option', { value: '' }, anyText) : null,
    enumValues(enumName).map((v) => h('option', { value: v }, label(enumName, v))),
  );
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), select);
}

/**
 * A labelled choice that must be made: it starts on an empty "choose" option, so nothing is picked for the
 * user, and left empty it says so at the field (the browser's own check on sending the form raises it).
 * @param {string} formName
 * @param {string} name
 * @param {string} labelText
 * @param {{ value: string, label: string }[]} choices
 * @param {string} missingText what the field says while nothing is chosen
 */
export function requiredChoice(formName, name, labelText, choices, missingText) {
  const id = `${formName}-${name}`;
  const errorId = `${id}-error`;
  const problem = h('p', { class: 'field-error', id: errorId, testid: errorId, hidden: true }, missingText);
  const select = h(
    'select',
    { id, name, required: true, 'data-field': name, testid: id },
    h('option', { value: '' }, t('chooseOne')),
    choices.map((c) => h('option', { value: c.value }, c.label)),
  );
  select.addEventListener('invalid', () => {
    select.setAttribute('aria-invalid', 'true');
    select.setAttribute('aria-describedby', errorId);
    problem.hidden = false;
  });
  select.addEventListener('change', () => {
    if (!select.value) return;
    select.removeAttribute('aria-invalid');
    select.removeAttribute('aria-describedby');
    problem.hidden = true;
  });
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), select, problem);
}

/**
 * Shows a failed request under a form. A validation error names its field: that input is marked and
 * focused, and the message says which one to check.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} slot where the message goes
 * @param {any} err a thrown error
 */
export function formError(form, slot, err) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  /** @type {HTMLElement | null} */
  const input = err instanceof ApiError && err.code === 'VALIDATION' && err.field ? form.querySelector(`[data-field="${CSS.escape(err.field)}"]`) : null;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    // A group of controls (checkboxes, a custom field) is named by its fieldset's legend.
    const labelText = form.querySelector(`label[for="${input.id}"]`)?.textContent || input.closest('fieldset')?.querySelector('legend')?.textContent || err.field;
    slot.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code, 'data-field': err.field }, t('checkField', { field: labelText })));
    input.focus();
  } else {
    slot.replaceChildren(errorBox(err, null, false));
  }
}

/**
 * A text that must be agreed to: a required checkbox (the API's `termsVersion`, or `field`) and, below it,
 * the text of that version to open and read right here. `keys` name the checkbox's label and the text's
 * summary (a new account's terms unless given: a survey's consent, say).
 * @param {string} formName
 * @param {{ version: string, textHtml: string }} terms the current text, as `terms` answers it
 * @param {{ agree: import('../lang.js').TextKey, read: import('../lang.js').TextKey, field: string }} [keys]
 */
export function termsConsent(formName, terms, keys = { agree: 'joinTerms', read: 'joinTermsRead', field: 'termsVersion' }) {
  const id = `${formName}-terms`;
  return [
    h(
      'p',
      { class: 'consent' },
      h('input', { type: 'checkbox', id, name: 'terms', required: true, testid: id, 'data-field': keys.field, 'aria-describedby': `${id}-text` }),
      ' ',
      h('label', { for: id }, t(keys.agree, { v: terms.version })),
    ),
    h(
      'details',
      { class: 'terms', id: `${id}-text`, testid: `${id}-text`, 'data-version': terms.version },
      h('summary', { testid: `${id}-open` }, t(keys.read, { v: terms.version })),
      // A scrolling box: focusable, so it scrolls from the keyboard too.
      h('div', { class: 'terms-text', tabindex: '0', role: 'region', 'aria-label': t(keys.read, { v: terms.version }) }, renderedMarkdown(terms.textHtml)),
    ),
  ];
}
