// @ts-check
// A survey's questions in its form (a custom field of ui/editor.js): each question's kind, wording in Dutch
// and English, options, value domains and whether it is required, added, removed and moved up or down.
// Once anyone answered, the API keeps the questions as they are but for their wording: the editor then
// offers the wording only, so the team fixes a typo and changes nothing the answers depend on. Each control
// carries the API's name for it (`questions[2].options[0].label`), so a refusal is shown at its control.

import { announce, h } from '../../dom.js';
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
    valueDomainIds: q.valueDomainIds,
    required: q.required,
  }));

/** Whether a kind of question has options to choose from. @param {string} kind */
const hasOptions = (kind) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE';

/** A question in words, for a conflict's comparison. @param {Question} q @param {number} i */
const inWords = (q, i) =>
  `${i + 1}. ${q.prompt} (${label('QuestionKind', q.kind)}${q.required ? `, ${t('required')}` : ''})${q.options.length ? `: ${q.options.map((o) => o.label).join(' / ')}` : ''}${q.valueDomainIds.length ? `: ${q.valueDomainIds.length} ${t('surveyQuestionDomains').toLowerCase()}` : ''}`;

/**
 * The questions' editor.
 * @param {string} formName
 * @param {{ id: string, name: string, status: string }[]} domains the value domains a question may ask about
 * @param {boolean} fixed whether anyone answered (then only the wording changes)
 * @returns {import('../../ui/editor.js').CustomField}
 */
export function questionsField(formName, domains, fixed) {
  const list = h('ol', { class: 'question-editors', testid: `${formName}-questions` });
  const add = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: `${formName}-question-add`, 'data-field': 'questions', disabled: fixed }, t('surveyQuestionAdd'));
  /** @type {{ element: HTMLElement, read: () => Question, number: (n: number, last: boolean) => void }[]} */
  let editors = [];
  let made = 0;
  /** Tells the form that the questions changed (a button's change is not an input's). */
  const changed = () => list.dispatchEvent(new Event('change', { bubbles: true }));
  const redraw = () => {
    list.replaceChildren(...editors.map((editor) => h('li', null, editor.element)));
    editors.forEach((editor, i) => editor.number(i, i === editors.length - 1));
  };

  /**
   * One question's editor.
   * @param {Question} question
   */
  const editor = (question) => {
    const key = `${formName}-question-${++made}`;
    const legend = h('legend', null, '');
    const kind = h('select', { id: `${key}-kind`, testid: 'question-kind', disabled: fixed }, enumValues('QuestionKind').map((v) => h('option', { value: v }, label('QuestionKind', v))));
    kind.value = question.kind;
    const prompt = h('input', { id: `${key}-prompt`, type: 'text', required: true, maxlength: 1000, testid: 'question-prompt' });
    prompt.value = question.prompt;
    const promptEn = h('input', { id: `${key}-promptEn`, type: 'text', maxlength: 1000, testid: 'question-promptEn' });
    promptEn.value = question.promptEn;

    // The options: a Dutch and an English text each, added and removed one by one (not once answered).
    const optionRows = h('ol', { class: 'option-rows', tabindex: '-1' });
    /** @type {{ element: HTMLElement, nl: HTMLInputElement, en: HTMLInputElement }[]} */
    let options = [];
    const optionRow = (/** @type {{ label: string, labelEn: string }} */ o) => {
      const nl = h('input', { type: 'text', maxlength: 300, testid: 'option-label' });
      const en = h('input', { type: 'text', maxlength: 300, testid: 'option-labelEn' });
      nl.value = o.label;
      en.value = o.labelEn;
      const remove = h('button', { type: 'button', class: 'btn btn-secondary btn-small', disabled: fixed, testid: 'option-remove' }, t('surveyOptionRemove'));
      const row = { element: h('li', { class: 'option-row' }, nl, en, remove), nl, en };
      remove.addEventListener('click', () => {
        options = options.filter((r) => r !== row);
        numberOptions();
        addOption.focus();
        changed();
      });
      return row;
    };
    const numberOptions = () => {
      optionRows.replaceChildren(...options.map((r) => r.element));
      options.forEach((r, k) => {
        r.nl.setAttribute('aria-label', t('surveyOptionNl', { n: k + 1 }));
        r.en.setAttribute('aria-label', t('surveyOptionEn', { n: k + 1 }));
        r.nl.dataset.field = `${field}.options[${k}].label`;
        r.en.dataset.field = `${field}.options[${k}].labelEn`;
        r.element.querySelector('button')?.setAttribute('aria-label', `${t('surveyOptionRemove')}: ${t('surveyOptionNl', { n: k + 1 })}`);
      });
    };
    const addOption = h('button', { type: 'button', class: 'btn btn-secondary btn-small', disabled: fixed, testid: 'option-add' }, t('surveyOptionAdd'));
    addOption.addEventListener('click', () => {
      options.push(optionRow({ label: '', labelEn: '' }));
      numberOptions();
      options[options.length - 1].nl.focus();
      changed();
    });
    options = question.options.map(optionRow);
    const optionsField = h('fieldset', { class: 'checkboxes option-field', testid: 'question-options' }, h('legend', null, t('surveyOptions')), h('p', { class: 'field-help' }, fixed ? t('surveyOptionsFixedHelp') : t('surveyOptionsHelp')), optionRows, h('p', null, addOption));

    // The value domains: kept in the question's own order, those the list does not hold (deleted since)
    // kept as they are, so that a question answered already is sent back unchanged.
    const known = new Set(domains.map((d) => d.id));
    const unknownIds = question.valueDomainIds.filter((id) => !known.has(id));
    const domainBoxes = domains.map((d) => h('input', { type: 'checkbox', value: d.id, checked: question.valueDomainIds.includes(d.id), disabled: fixed, testid: 'question-domain' }));
    const domainsField = h(
      'fieldset',
      { class: 'checkboxes' },
      h('legend', null, t('surveyQuestionDomains')),
      domains.map((d, i) => h('label', { class: 'checkbox' }, domainBoxes[i], ' ', d.name, d.status === 'ARCHIVED' ? h('span', { class: 'muted small' }, ` (${label('ValueDomainStatus', d.status)})`) : null)),
      unknownIds.length ? h('p', { class: 'field-help' }, t('surveyQuestionOtherDomains', { n: unknownIds.length })) : null,
    );
    const checkedIds = () => {
      const checked = new Set(domainBoxes.filter((box) => box.checked).map((box) => box.value));
      const kept = question.valueDomainIds.filter((id) => checked.has(id) || !known.has(id));
      return [...kept, ...domainBoxes.map((box) => box.value).filter((id) => checked.has(id) && !kept.includes(id))];
    };
    const required = h('input', { id: `${key}-required`, type: 'checkbox', checked: question.required, disabled: fixed, testid: 'question-required' });
    // Each part in a box of its own, so that hiding it is not undone by its own display.
    const optionsBox = h('div', null, optionsField);
    const domainsBox = h('div', null, domainsField);
    const showParts = () => {
      optionsBox.hidden = !hasOptions(kind.value);
      domainsBox.hidden = kind.value !== 'VALUE_DOMAINS';
    };
    kind.addEventListener('change', showParts);
    showParts();

    const up = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'question-up' }, t('surveyQuestionUp'));
    const down = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'question-down' }, t('surveyQuestionDown'));
    const remove = h('button', { type: 'button', class: 'btn btn-secondary btn-small', disabled: fixed, testid: 'question-remove' }, t('surveyQuestionRemove'));
    const move = (/** @type {number} */ by) => {
      const at = editors.indexOf(self);
      editors.splice(at, 1);
      editors.splice(at + by, 0, self);
      redraw();
      // The focus stays with the button pressed, or its twin once the question reached an end.
      (by < 0 ? (up.disabled ? down : up) : down.disabled ? up : down).focus();
      announce(t('surveyQuestionMoved', { n: at + by + 1 }));
      changed();
    };
    up.addEventListener('click', () => move(-1));
    down.addEventListener('click', () => move(1));
    remove.addEventListener('click', () => {
      if (prompt.value.trim() && !window.confirm(t('surveyQuestionRemoveConfirm', { prompt: prompt.value.trim() }))) return;
      const at = editors.indexOf(self);
      editors.splice(at, 1);
      redraw();
      /** @type {HTMLElement} */ (editors[Math.min(at, editors.length - 1)]?.element.querySelector('select, input') || add).focus();
      changed();
    });
    let field = 'questions[0]';
    const self = {
      element: h(
        'fieldset',
        { class: 'question-editor', testid: 'question-editor' },
        legend,
        h('div', { class: 'field' }, h('label', { for: `${key}-kind` }, t('surveyQuestionKind')), kind),
        h('div', { class: 'field' }, h('label', { for: `${key}-prompt` }, t('surveyPrompt')), prompt),
        h('div', { class: 'field' }, h('label', { for: `${key}-promptEn` }, t('surveyPromptEn')), promptEn),
        optionsBox,
        domainsBox,
        h('label', { class: 'checkbox', for: `${key}-required` }, required, ' ', t('surveyQuestionRequired')),
        h('p', { class: 'buttons' }, up, ' ', down, ' ', remove),
      ),
      /** @returns {Question} */
      read: () => ({
        id: question.id,
        kind: kind.value,
        prompt: prompt.value.trim(),
        promptEn: promptEn.value.trim(),
        options: hasOptions(kind.value) ? options.map((r) => ({ label: r.nl.value.trim(), labelEn: r.en.value.trim() })) : [],
        valueDomainIds: kind.value === 'VALUE_DOMAINS' ? checkedIds() : [],
        required: required.checked,
      }),
      /** Names the question by its place (its legend, its buttons, the API's names of its fields). */
      number: (/** @type {number} */ i, /** @type {boolean} */ last) => {
        const n = i + 1;
        field = `questions[${i}]`;
        legend.textContent = t('surveyQuestionN', { n });
        kind.dataset.field = `${field}.id`;
        prompt.dataset.field = `${field}.prompt`;
        promptEn.dataset.field = `${field}.promptEn`;
        optionRows.dataset.field = `${field}.options`;
        if (domainBoxes[0]) domainBoxes[0].dataset.field = `${field}.valueDomainIds`;
        up.setAttribute('aria-label', t('surveyQuestionUpN', { n }));
        down.setAttribute('aria-label', t('surveyQuestionDownN', { n }));
        remove.setAttribute('aria-label', t('surveyQuestionRemoveN', { n }));
        up.disabled = fixed || i === 0;
        down.disabled = fixed || last;
        numberOptions();
      },
    };
    return self;
  };

  add.addEventListener('click', () => {
    editors.push(editor({ id: null, kind: 'SINGLE_CHOICE', prompt: '', promptEn: '', options: [{ label: '', labelEn: '' }, { label: '', labelEn: '' }], valueDomainIds: [], required: false }));
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
    show: (value) => (Array.isArray(value) && value.length ? /** @type {Question[]} */ (value).map(inWords).join('; ') : t('emptyValue')),
  };
}
