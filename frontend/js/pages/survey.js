// @ts-check
// The market survey for anyone: the surveys (`#/bevragingen`) and a survey's own page (`#/bevraging/<slug>`,
// the short link people pass on), where a member of an approved partner answers for the organisation (and
// changes that answer while the survey is open) and anyone else answers with an e-mail address, which the
// link in a message confirms before the answer counts. `#/bevraging/<slug>/resultaten` shows the results
// (pages/survey-results.js).

import { accountOrEnded } from '../account.js';
import { ApiError, gql } from '../api.js';
import { h, renderedMarkdown, routeLink, setMain, setTitle } from '../dom.js';
import { apiLanguage, count, enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { guardUnsaved } from '../router.js';
import { formatInstant } from '../time.js';
import { cardList } from '../ui/cards.js';
import { formError, formInput, inputField, requiredChoice, termsConsent } from '../ui/forms.js';
import { breadcrumbs, errorBox, pageTitle, renderNotFound, section } from '../ui/frame.js';
import { inLang, optionLabel, questionPrompt, surveyChip, surveyLinks, surveyStanding, surveyTitle } from '../ui/survey-parts.js';
import { pageSurveyResults } from './survey-results.js';

/** The three scores a value-domain question asks for each domain. */
const SCORES = /** @type {const} */ (['economicValue', 'societalValue', 'dataReadiness']);
/** The city choice of someone from neither city (sent as no city). */
const ELSEWHERE = 'ELSEWHERE';

/**
 * Renders `#/bevragingen`: the open surveys and the closed ones.
 * @param {import('../router.js').RenderContext} ctx
 */
export async function pageSurveys(ctx) {
  const nodes = [];
  /** @type {string | null} */
  let after = null;
  // Every survey: a few a year, so a handful of pages at most.
  for (let page = 0; page < 20; page++) {
    const { surveys } = await gql(queries.SURVEYS, { after });
    if (!ctx.current()) return;
    nodes.push(...surveys.nodes);
    if (!surveys.pageInfo.hasNextPage) break;
    after = surveys.pageInfo.endCursor;
  }
  setTitle(t('surveysTitle'));
  const card = (/** @type {any} */ s) =>
    h(
      'article',
      { class: 'card', testid: 'survey-card' },
      h('h3', { class: 'card-title' }, routeLink(['bevraging', s.slug], surveyTitle(s))),
      h('p', { class: 'chips' }, surveyChip(s)),
      h('p', { class: 'card-text' }, surveyStanding(s)),
      s.resultsPublishedAt ? h('p', null, routeLink(['bevraging', s.slug, 'resultaten'], t('surveyResultsLink'))) : null,
    );
  setMain(
    breadcrumbs([[t('navHome'), []], [t('surveysTitle')]]),
    pageTitle(t('surveysTitle')),
    h('p', { class: 'lead' }, t('surveysIntro')),
    h('p', { class: 'total-count', testid: 'total-count', 'data-total': String(nodes.length) }, count('surveysCount', nodes.length)),
    cardList(nodes, card, 'survey-list', t('noSurveys')),
  );
}

/**
 * Renders `#/bevraging/<slug>` and `#/bevraging/<slug>/resultaten`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string[]} path
 */
export async function pageSurvey(ctx, path) {
  const [slug, part, ...rest] = path;
  if (!slug || rest.length) return renderNotFound();
  if (part === 'resultaten' || part === 'results') return pageSurveyResults(ctx, slug);
  if (part) return renderNotFound();
  const { me } = await accountOrEnded();
  if (!ctx.current()) return;
  const { survey } = await gql(queries.SURVEY, { slug, language: apiLanguage() }, { signedIn: !!me });
  if (!ctx.current()) return;
  if (!survey) return renderNotFound();
  const title = surveyTitle(survey);
  setTitle(title);
  const forPartner = me && me.partner && me.partner.status === 'APPROVED' ? me.partner : null;
  // A member of a partner not (or no longer) approved answers for it once the team approves it; the API
  // refuses its members an answer by e-mail, as theirs is the organisation's.
  const waitingPartner = me && me.partner && !forPartner ? me.partner : null;
  setMain(
    breadcrumbs([[t('navHome'), []], [t('surveysTitle'), ['bevragingen']], [title]]),
    pageTitle(title, t('survey')),
    h('p', { class: 'chips' }, surveyChip(survey), ' ', h('span', { class: 'muted' }, surveyStanding(survey))),
    renderedMarkdown(inLang(survey.introductionHtml, survey.introductionEnHtml), 'survey-introduction'),
    surveyLinks(survey, 'answer'),
    !survey.takesAnswers
      ? h('p', { class: 'notice', testid: 'survey-not-open' }, t('surveyNotTaking'))
      : waitingPartner
        ? h('p', { class: 'notice', testid: 'survey-partner-not-approved' }, t('surveyPartnerNotApproved', { name: waitingPartner.name }))
        : answerForm(survey, forPartner),
  );
}

/**
 * The form that answers a survey: for the signed-in member's partner (filled with its answer so far), or
 * with an address, a stakeholder type and a city.
 * @param {any} survey
 * @param {{ name: string } | null} partner
 */
function answerForm(survey, partner) {
  const before = partner ? survey.myAnswer : null;
  const questions = survey.questions.map((/** @type {any} */ q, /** @type {number} */ i) => questionField(q, i, before));
  const hasText = survey.questions.some((/** @type {any} */ q) => q.kind === 'FREE_TEXT');
  const status = h('div', { class: 'form-status', role: 'status', testid: 'survey-status' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'survey-submit' }, partner ? (before ? t('surveySaveAgain') : t('surveySendPartner')) : t('surveySend'));
  const who = partner
    ? h('p', { class: 'notice', testid: 'survey-for-partner' }, t('surveyForPartner', { name: partner.name }), before ? [' ', t('surveyAnsweredAt', { when: formatInstant(before.updatedAt) })] : null)
    : h(
        'fieldset',
        { class: 'form-stack', testid: 'survey-respondent' },
        h('legend', null, t('surveyAboutYou')),
        h('p', { class: 'muted small' }, t('surveyAboutYouHelp')),
        inputField('survey', 'email', t('email'), { type: 'email', maxlength: 254, autocomplete: 'email' }),
        requiredChoice('survey', 'stakeholderType', t('surveyStakeholderType'), enumValues('StakeholderType').map((v) => ({ value: v, label: label('StakeholderType', v) })), t('surveyStakeholderTypeMissing')),
        requiredChoice('survey', 'city', t('homeCity'), [...enumValues('City').map((v) => ({ value: v, label: label('City', v) })), { value: ELSEWHERE, label: t('elsewhere') }], t('joinCityMissing')),
      );
  const consentKeys = /** @type {const} */ ({ agree: 'surveyConsentAgree', read: 'surveyConsentRead', field: 'consentVersion' });
  const consentBox = h('div', null, termsConsent('survey', survey.consent, consentKeys));
  const form = h(
    'form',
    { class: 'survey-form', testid: 'survey-form' },
    who,
    h('ol', { class: 'survey-questions' }, questions.map((q) => h('li', null, q.element))),
    h(
      'fieldset',
      { class: 'form-stack' },
      h('legend', null, t('surveyConsentTitle')),
      hasText ? checkbox('publishText', t('surveyPublishText'), before ? before.publishText : false) : null,
      checkbox('mayContact', t('surveyMayContact'), before ? before.mayContact : false),
      consentBox,
    ),
    status,
    h('p', null, submit),
  );
  /** The form's answer as it stands, to tell whether it changed since it was filled in or saved. */
  const snapshot = () => JSON.stringify([questions.map((q) => q.read()), [...form.querySelectorAll('input[type="checkbox"]')].map((box) => /** @type {HTMLInputElement} */ (box).checked)]);
  let saved = snapshot();
  let sent = false;
  guardUnsaved(() => form.isConnected && !sent && snapshot() !== saved);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.replaceChildren();
    const answers = [];
    /** The question of each answer sent, so that a refusal of `answers[n]` is shown at its question. */
    const asked = [];
    for (const q of questions) {
      const answer = q.read();
      if (answer) {
        answers.push(answer);
        asked.push(q);
      } else if (q.required) {
        q.mark();
        status.replaceChildren(h('p', { class: 'notice notice-error', id: 'survey-error', testid: 'error-message', 'data-field': 'answers' }, t('surveyRequiredMissing', { n: q.number })));
        q.focus();
        return;
      }
    }
    if (!answers.length) {
      status.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-field': 'answers' }, t('surveyNothingAnswered')));
      questions[0]?.focus();
      return;
    }
    const common = {
      surveyId: survey.id,
      language: apiLanguage(),
      answers,
      consentVersion: survey.consent.version,
      publishText: hasText && /** @type {HTMLInputElement} */ (form.elements.namedItem('publishText')).checked,
      mayContact: /** @type {HTMLInputElement} */ (form.elements.namedItem('mayContact')).checked,
    };
    submit.disabled = true;
    try {
      if (partner) {
        const { answerSurvey } = await gql(queries.ANSWER_SURVEY, { input: common }, { signedIn: true });
        status.replaceChildren(h('p', { class: 'notice', testid: 'survey-saved' }, t('surveySaved', { when: formatInstant(answerSurvey.answer.updatedAt) })));
        submit.textContent = t('surveySaveAgain');
        saved = snapshot();
      } else {
        const value = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value;
        const email = value('email').trim();
        const city = value('city');
        await gql(queries.ANSWER_SURVEY_BY_EMAIL, { input: { ...common, email, stakeholderType: value('stakeholderType'), city: city === ELSEWHERE ? null : city } });
        sent = true;
        const done = h('div', { class: 'notice', role: 'status', tabindex: '-1', testid: 'survey-sent' }, h('p', { class: 'notice-title' }, t('surveySentTitle')), h('p', null, t('surveySent', { email })));
        form.replaceWith(done);
        done.focus();
        return;
      }
    } catch (err) {
      const at = err instanceof ApiError && err.code === 'VALIDATION' && err.field ? /^answers\[(\d+)\]/.exec(err.field) : null;
      const question = at ? asked[Number(at[1])] : null;
      if (question) {
        question.mark();
        status.replaceChildren(h('p', { class: 'notice notice-error', id: 'survey-error', testid: 'error-message', 'data-code': 'VALIDATION', 'data-field': 'answers' }, t('surveyCheckQuestion', { n: question.number })));
        question.focus();
      } else if (err instanceof ApiError && err.code === 'VALIDATION' && err.field === 'consentVersion') {
        // The text changed since the page was opened: show the new one, to read and agree to again.
        const { survey: fresh } = await gql(queries.SURVEY, { slug: survey.slug, language: apiLanguage() }, { signedIn: !!partner });
        if (fresh) survey.consent = fresh.consent;
        consentBox.replaceChildren(...termsConsent('survey', survey.consent, consentKeys));
        status.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-field': 'consentVersion' }, t('surveyConsentChanged', { v: survey.consent.version })));
        formInput(form, 'terms').focus();
      } else if (err instanceof ApiError && err.code === 'VALIDATION') {
        formError(form, status, err);
      } else {
        status.replaceChildren(errorBox(err, null, false));
      }
    } finally {
      submit.disabled = false;
    }
  });
  return section(partner ? t('surveyAnswerForPartner') : t('surveyAnswer'), 'survey-answer', form);
}

/**
 * A checkbox with its label beside it.
 * @param {string} name
 * @param {string} text
 * @param {boolean} checked
 */
function checkbox(name, text, checked) {
  const id = `survey-${name}`;
  return h('p', { class: 'consent' }, h('input', { type: 'checkbox', id, name, checked, testid: id }), ' ', h('label', { for: id }, text));
}

/**
 * One question of the form: its fieldset, and how to read its answer (null when it has none), mark it as
 * the one to look at, and focus it.
 * @param {any} question
 * @param {number} index
 * @param {any} before the partner's answer so far, if any
 */
function questionField(question, index, before) {
  const number = index + 1;
  const id = `survey-q${number}`;
  const given = before ? before.answers.find((/** @type {any} */ a) => a.questionId === question.id) : null;
  const legend = h('legend', { class: 'question-prompt' }, `${number}. ${questionPrompt(question)}`, question.required ? h('span', { class: 'muted small' }, ` (${t('required')})`) : null);
  const fieldset = h('fieldset', { class: 'survey-question', id, testid: 'survey-question', 'data-kind': question.kind }, legend);
  /** @type {() => any} */
  let read;
  if (question.kind === 'SINGLE_CHOICE' || question.kind === 'MULTIPLE_CHOICE' || question.kind === 'SCALE') {
    const scale = question.kind === 'SCALE';
    const type = question.kind === 'MULTIPLE_CHOICE' ? 'checkbox' : 'radio';
    const choices = scale ? [1, 2, 3, 4, 5].map((n) => ({ value: n, text: n === 1 ? `1 · ${t('surveyScaleLow')}` : n === 5 ? `5 · ${t('surveyScaleHigh')}` : String(n) })) : question.options.map((/** @type {any} */ o, /** @type {number} */ i) => ({ value: i, text: optionLabel(o) }));
    const was = given ? (scale ? [given.scale] : given.choices) : [];
    fieldset.append(
      type === 'checkbox' ? h('p', { class: 'muted small' }, t('surveyChooseAny')) : '',
      h(
        'ul',
        { class: scale ? 'choice-list choice-scale' : 'choice-list' },
        choices.map((c) => h('li', null, h('label', { class: 'choice' }, h('input', { type, name: id, value: String(c.value), checked: was.includes(c.value), testid: `${id}-${c.value}` }), ' ', c.text))),
      ),
    );
    if (type === 'radio' && !question.required) {
      // A choice once made cannot be undone with radio buttons alone.
      const clear = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: `${id}-clear`, 'aria-label': t('surveyClearChoiceN', { n: number }) }, t('surveyClearChoice'));
      clear.addEventListener('click', () => {
        for (const input of fieldset.querySelectorAll('input:checked')) /** @type {HTMLInputElement} */ (input).checked = false;
        fieldset.dispatchEvent(new Event('change', { bubbles: true }));
      });
      fieldset.append(h('p', { class: 'clear-choice' }, clear));
    }
    const picked = () => [...fieldset.querySelectorAll('input:checked')].map((input) => Number(/** @type {HTMLInputElement} */ (input).value));
    read = () => {
      const chosen = picked();
      if (!chosen.length) return null;
      return scale ? { questionId: question.id, scale: chosen[0] } : { questionId: question.id, choices: chosen };
    };
  } else if (question.kind === 'FREE_TEXT') {
    const area = h('textarea', { id: `${id}-text`, name: id, rows: 4, maxlength: 5000, testid: `${id}-text`, 'aria-labelledby': `${id}-legend` });
    legend.id = `${id}-legend`;
    area.value = given?.text ?? '';
    fieldset.append(area);
    read = () => (area.value.trim() ? { questionId: question.id, text: area.value } : null);
  } else {
    fieldset.append(h('p', { class: 'muted small' }, t('surveyDomainsHelp')));
    const domains = question.valueDomains.map((/** @type {any} */ d) => {
      const scoredBefore = given ? given.domains.find((/** @type {any} */ s) => s.valueDomainId === d.id) : null;
      const selects = SCORES.map((key) => {
        const selectId = `${id}-${d.slug}-${key}`;
        const select = h('select', { id: selectId, name: selectId, testid: `${id}-${d.slug}-${key}` }, h('option', { value: '' }, t('surveyNoOpinion')), [1, 2, 3, 4, 5].map((n) => h('option', { value: String(n) }, String(n))));
        select.value = scoredBefore && scoredBefore[key] ? String(scoredBefore[key]) : '';
        return { key, select, element: h('div', { class: 'field' }, h('label', { for: selectId }, t(key)), select) };
      });
      return { id: d.id, selects, element: h('fieldset', { class: 'survey-domain', testid: 'survey-domain' }, h('legend', null, d.name), h('div', { class: 'score-fields' }, selects.map((s) => s.element))) };
    });
    fieldset.append(...domains.map((/** @type {any} */ d) => d.element));
    read = () => {
      const scored = domains
        .map((/** @type {any} */ d) => ({ valueDomainId: d.id, ...Object.fromEntries(d.selects.map((/** @type {any} */ s) => [s.key, s.select.value ? Number(s.select.value) : null])) }))
        .filter((/** @type {any} */ s) => SCORES.some((key) => s[key] !== null));
      return scored.length ? { questionId: question.id, domains: scored } : null;
    };
  }
  fieldset.addEventListener('change', () => {
    fieldset.classList.remove('question-invalid');
    fieldset.removeAttribute('aria-describedby');
  });
  return {
    element: fieldset,
    number,
    required: question.required,
    read,
    mark: () => {
      fieldset.classList.add('question-invalid');
      // The message above the button says what is wrong: read with the question.
      fieldset.setAttribute('aria-describedby', 'survey-error');
    },
    focus: () => /** @type {HTMLElement | null} */ (fieldset.querySelector('input, select, textarea'))?.focus(),
  };
}
