// @ts-check
// A survey's questions in its form (a custom field of ui/editor.js): each question's kind, wording in Dutch
// and English, options, value domains and whether it is required, added, removed and moved up or down.
// Once anyone answered, the API keeps the questions as they are but for their wording: the editor then
// offers the wording only, so the team fixes a typo and changes nothing the answers depend on.

import { h } from '../../dom.js';
import { enumValues, label, t } from '../../lang.js';

/**
 * A question as the form holds it, in the shape of `SurveyQuestionInput` (`id` null for a new one).
 * @typedef {{ id: string | null, kind: string, prompt: string, promptEn: string, options: { label: string, labelEn: string }[], valueDomainIds: string[], required: boolean }} Question
 */

/**
 * A survey's questions, as the API answers them, in the shape the form holds.
 * @param {any[]} questions
 * @returns {Question[]}
 */
export const questionValues = (questions) =>
  questions.map((q) => ({
    id: q.id,
    kind: q.kind,
    prompt: q.prompt,
    promptEn: q.promptEn,
    options: q.options.map((/** @type {any} */ o) => ({ label: o.label, labelEn: o.labelEn })),
    valueDomainIds: q.valueDomains ? q.valueDomains.map((/** @type {any} */ d) => d.id) : q.valueDomainIds,
    required: q.required,
  }));

/** Whether a kind of question has options to choose from. @param {string} kind */
const hasOptions = (kind) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE';

/**
 * Options as lines, "Dutch | English" each.
 * @param {{ label: string, labelEn: string }[]} options
 */
const optionLines = (options) => options.map((o) => (o.labelEn ? `${o.label} | ${o.labelEn}` : o.label)).join('\n');

/**
 * The options of lines "Dutch | English" (the English part may be left out); empty lines are skipped.
 * @param {string} text
 */
const optionsOf = (text) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [nl, ...en] = line.split('|');
      return { label: nl.trim(), labelEn: en.join('|').trim() };
    });

/**
 * The questions' editor.
 * @param {string} formName
 * @param {{ id: string, name: string, status: string }[]} domains the value domains a question may ask about
 * @param {boolean} fixed whether anyone answered (then only the wording changes)
 * @returns {import('../../ui/editor.js').CustomField}
 */
export function questionsField(formName, domains, fixed) {
  const list = h('ol', { class: 'question-editors', testid: `${formName}-questions` });
  const add = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: `${formName}-question-add`, disabled: fixed }, t('surveyQuestionAdd'));
  /** @type {{ element: HTMLElement, read: () => Question }[]} */
  let editors = [];
  let made = 0;
  /** Tells the form that the questions changed (a button's change is not an input's). */
  const changed = () => list.dispatchEvent(new Event('change', { bubbles: true }));

  const redraw = () => {
    list.replaceChildren(...editors.map((editor, i) => h('li', null, editor.element)));
    editors.forEach((editor, i) => {
      const legend = editor.element.querySelector('legend');
      if (legend) legend.textContent = t('surveyQuestionN', { n: i + 1 });
      for (const [which, disabled] of /** @type {[string, boolean][]} */ ([['up', i === 0], ['down', i === editors.length - 1]])) {
        const button = /** @type {HTMLButtonElement | null} */ (editor.element.querySelector(`[data-move="${which}"]`));
        if (button) button.disabled = fixed || disabled;
      }
    });
  };

  /**
   * One question's editor.
   * @param {Question} question
   */
  const editor = (question) => {
    const key = `${formName}-question-${++made}`;
    const kind = h(
      'select',
      { id: `${key}-kind`, testid: 'question-kind', disabled: fixed },
      enumValues('QuestionKind').map((v) => h('option', { value: v }, label('QuestionKind', v))),
    );
    kind.value = question.kind;
    const prompt = h('input', { id: `${key}-prompt`, type: 'text', required: true, maxlength: 1000, testid: 'question-prompt' });
    prompt.value = question.prompt;
    const promptEn = h('input', { id: `${key}-promptEn`, type: 'text', maxlength: 1000, testid: 'question-promptEn' });
    promptEn.value = question.promptEn;
    const options = h('textarea', { id: `${key}-options`, rows: 4, testid: 'question-options', 'aria-describedby': `${key}-options-help` });
    options.value = optionLines(question.options);
    const optionsField = h('div', { class: 'field' }, h('label', { for: `${key}-options` }, t('surveyOptions')), h('p', { class: 'field-help', id: `${key}-options-help` }, fixed ? t('surveyOptionsFixedHelp') : t('surveyOptionsHelp')), options);
    const domainBoxes = domains.map((d) =>
      h('label', { class: 'checkbox' }, h('input', { type: 'checkbox', value: d.id, checked: question.valueDomainIds.includes(d.id), disabled: fixed, testid: 'question-domain' }), ' ', d.name, d.status === 'ARCHIVED' ? h('span', { class: 'muted small' }, ` (${label('ValueDomainStatus', d.status)})`) : null),
    );
    // In a box of its own, so that hiding it is not undone by the fieldset's own display.
    const domainsField = h('div', null, h('fieldset', { class: 'checkboxes' }, h('legend', null, t('surveyQuestionDomains')), domainBoxes));
    const required = h('input', { id: `${key}-required`, type: 'checkbox', checked: question.required, disabled: fixed, testid: 'question-required' });
    const showParts = () => {
      optionsField.hidden = !hasOptions(kind.value);
      domainsField.hidden = kind.value !== 'VALUE_DOMAINS';
    };
    kind.addEventListener('change', showParts);
    showParts();
    const move = (/** @type {number} */ by) => {
      const at = editors.indexOf(self);
      const [taken] = editors.splice(at, 1);
      editors.splice(at + by, 0, taken);
      redraw();
      /** @type {HTMLElement | null} */ (self.element.querySelector(`[data-move="${by < 0 ? 'up' : 'down'}"]:not([disabled])`) || self.element.querySelector('select, input'))?.focus();
      changed();
    };
    const up = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-move': 'up', testid: 'question-up' }, t('surveyQuestionUp'));
    const down = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-move': 'down', testid: 'question-down' }, t('surveyQuestionDown'));
    const remove = h('button', { type: 'button', class: 'btn btn-secondary btn-small', disabled: fixed, testid: 'question-remove' }, t('surveyQuestionRemove'));
    up.addEventListener('click', () => move(-1));
    down.addEventListener('click', () => move(1));
    remove.addEventListener('click', () => {
      const at = editors.indexOf(self);
      editors.splice(at, 1);
      redraw();
      /** @type {HTMLElement} */ (editors[Math.min(at, editors.length - 1)]?.element.querySelector('select, input') || add).focus();
      changed();
    });
    const element = h(
      'fieldset',
      { class: 'question-editor', testid: 'question-editor' },
      h('legend', null, ''),
      h('div', { class: 'field' }, h('label', { for: `${key}-kind` }, t('surveyQuestionKind')), kind),
      h('div', { class: 'field' }, h('label', { for: `${key}-prompt` }, t('surveyPrompt')), prompt),
      h('div', { class: 'field' }, h('label', { for: `${key}-promptEn` }, t('surveyPromptEn')), promptEn),
      optionsField,
      domainsField,
      h('label', { class: 'checkbox', for: `${key}-required` }, required, ' ', t('surveyQuestionRequired')),
      h('p', { class: 'buttons' }, up, ' ', down, ' ', remove),
    );
    const self = {
      element,
      /** @returns {Question} */
      read: () => ({
        id: question.id,
        kind: kind.value,
        prompt: prompt.value,
        promptEn: promptEn.value,
        options: hasOptions(kind.value) ? optionsOf(options.value) : [],
        valueDomainIds: kind.value === 'VALUE_DOMAINS' ? domainBoxes.map((box) => /** @type {HTMLInputElement} */ (box.querySelector('input'))).filter((box) => box.checked).map((box) => box.value) : [],
        required: required.checked,
      }),
    };
    return self;
  };

  add.addEventListener('click', () => {
    editors.push(editor({ id: null, kind: 'SINGLE_CHOICE', prompt: '', promptEn: '', options: [], valueDomainIds: [], required: false }));
    redraw();
    /** @type {HTMLElement | null} */ (editors[editors.length - 1].element.querySelector('select'))?.focus();
    changed();
  });

  return {
    element: h('div', { class: 'questions-field' }, fixed ? h('p', { class: 'notice', testid: `${formName}-questions-fixed` }, t('surveyQuestionsFixed')) : null, list, h('p', null, add)),
    read: () => editors.map((e) => e.read()),
    write: (value) => {
      editors = (/** @type {Question[]} */ (Array.isArray(value) ? value : [])).map(editor);
      redraw();
    },
    show: (value) => (Array.isArray(value) ? value.map((q, i) => `${i + 1}. ${q.prompt}`).join('; ') : ''),
  };
}
