// @ts-check
// The team's surveys, `#/team/bevragingen`: every survey (drafts included); a new one (`/nieuw`); and a
// survey's page (`/<slug>`): its form with its questions, its status moves (open, close, reopen), how many
// answered (and how many answers still wait for their address's confirmation), its results and their
// publication, the anonymous answers as a spreadsheet, a copy for next year, and, for admins, the value
// domains' scores set to what the answers suggest. The API applies the rules (`access.rs`): the team manages
// surveys, admins alone apply scores.

import { download, gql } from '../../api.js';
import { h, routeHref, routeLink, setMain, setTitle } from '../../dom.js';
import { count, enumValues, formatNumber, label, t } from '../../lang.js';
import * as surveysQueries from '../../queries/surveys.js';
import { mayLeave, replaceAddress, rerender } from '../../router.js';
import { formatInstant } from '../../time.js';
import { recordForm } from '../../ui/editor.js';
import { formError, formInput, inputField } from '../../ui/forms.js';
import { breadcrumbs, pageTitle, renderNotFound, section } from '../../ui/frame.js';
import { filterBar, pickEnum, selectFilter } from '../../ui/lists.js';
import { focusResult, moveText, newLink, readAll, recordTable, requireFilled, resultNotice, showRefusal, statusMoves } from './content-parts.js';
import { conversations } from './survey-conversations.js';
import { questionValues, questionsField } from './survey-questions.js';

/** @typedef {import('../../account.js').Account} Account */

/** The three scores a survey suggests for each value domain. */
const SCORES = /** @type {const} */ (['economicValue', 'societalValue', 'dataReadiness']);

/**
 * Renders `#/team/bevragingen/...`.
 * @type {import('./index.js').TeamPage}
 */
export async function teamSurveys(ctx, me, path, params) {
  const [slug, ...rest] = path;
  if (rest.length) return renderNotFound();
  if (!slug) return surveyList(ctx, me, params);
  return surveyPage(ctx, me, slug === 'nieuw' || slug === 'new' ? null : slug, null);
}

/**
 * Every survey, filtered by status, the newest first; for admins, the erasure of a respondent's address.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {import('../../router.js').Params} params
 */
async function surveyList(ctx, me, params) {
  const status = pickEnum(params, 'status', 'SurveyStatus');
  const route = ['team', 'bevragingen'];
  const surveys = await readAll((after) => gql(surveysQueries.SURVEY_ROWS, { filter: status ? { status: [status] } : null, after }, { signedIn: true }), (data) => data.surveys);
  if (!ctx.current()) return;
  setTitle(t('teamSurveysTitle'));
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamSurveysTitle')]]),
    pageTitle(t('teamSurveysTitle'), t('teamTitle')),
    h('p', { class: 'lead' }, t('teamSurveysIntro')),
    newLink([...route, 'nieuw'], t('surveyNew'), 'survey-new'),
    filterBar(
      [selectFilter({ name: 'status', labelText: t('status'), anyText: t('all'), options: enumValues('SurveyStatus').map((v) => [v, label('SurveyStatus', v)]), value: status, testid: 'filter-status', params, route })],
      params,
      route,
    ),
    h('p', { class: 'total-count', testid: 'total-count', 'data-total': String(surveys.length) }, count('surveysCount', surveys.length)),
    recordTable(
      t('teamSurveysTitle'),
      [t('surveyTitleField'), t('status'), t('surveyOpensAt'), t('surveyClosesAt'), t('surveyResults')],
      surveys.map((/** @type {any} */ s) => [
        routeLink([...route, s.slug], s.title, { testid: 'survey-edit-link' }),
        label('SurveyStatus', s.status),
        s.opensAt ? formatInstant(s.opensAt) : '—',
        s.closesAt ? formatInstant(s.closesAt) : '—',
        s.resultsPublishedAt ? t('surveyPublishedAt', { when: formatInstant(s.resultsPublishedAt) }) : t('surveyTeamOnly'),
      ]),
      'survey-rows',
    ),
    me.role === 'ADMIN' ? eraseRespondent() : null,
  );
}

/**
 * The form that erases the address someone answered surveys with, when they ask (they have no account to do
 * it with): their confirmed answers stay, anonymous; the others go.
 */
function eraseRespondent() {
  const slot = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-secondary', testid: 'erase-respondent-submit' }, t('surveyEraseButton'));
  const form = h('form', { class: 'form-stack', testid: 'erase-respondent' }, inputField('erase', 'email', t('email'), { type: 'email', maxlength: 254, autocomplete: 'off' }), slot, h('p', null, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = formInput(form, 'email').value.trim();
    if (!window.confirm(t('surveyEraseConfirm', { email }))) return;
    submit.disabled = true;
    slot.replaceChildren();
    try {
      const { eraseSurveyRespondent } = await gql(surveysQueries.ERASE_SURVEY_RESPONDENT, { email }, { signedIn: true });
      formInput(form, 'email').value = '';
      const done = resultNotice(count('surveyErased', eraseSurveyRespondent.answers), 'erase-respondent-done');
      slot.replaceChildren(done);
      focusResult(done);
    } catch (err) {
      formError(form, slot, err);
    } finally {
      submit.disabled = false;
    }
  });
  return section(t('surveyEraseTitle'), 'survey-erase', h('p', null, t('surveyEraseIntro')), form);
}

/**
 * The fields of a survey's form.
 * @param {{ id: string, name: string, status: string }[]} domains
 * @param {boolean} fixed whether anyone answered
 * @returns {import('../../ui/editor.js').Field[]}
 */
const surveyFields = (domains, fixed) => [
  { name: 'title', label: t('surveyTitleField'), kind: 'text', required: true },
  { name: 'titleEn', label: t('surveyTitleEn'), kind: 'text' },
  { name: 'introduction', label: t('surveyIntroduction'), kind: 'markdown' },
  { name: 'introductionEn', label: t('surveyIntroductionEn'), kind: 'markdown' },
  { name: 'opensAt', label: t('surveyOpensAt'), kind: 'datetime', nullable: true, help: t('surveyOpensAtHelp') },
  { name: 'closesAt', label: t('surveyClosesAt'), kind: 'datetime', nullable: true, help: t('surveyClosesAtHelp') },
  { name: 'minAnswers', label: t('surveyMinAnswers'), kind: 'number', required: true, help: t('surveyMinAnswersHelp'), attributes: { min: 1, step: 1 } },
  { name: 'weighting', label: t('surveyWeighting'), kind: 'enum', enumName: 'SurveyWeighting', required: true },
  { name: 'questions', label: t('surveyQuestions'), kind: 'custom', custom: questionsField('survey', domains, fixed) },
];

/**
 * A survey's values as the form holds them, or a new survey's.
 * @param {any} survey
 */
const surveyValues = (survey) =>
  survey
    ? { title: survey.title, titleEn: survey.titleEn, introduction: survey.introduction, introductionEn: survey.introductionEn, opensAt: survey.opensAt, closesAt: survey.closesAt, minAnswers: survey.minAnswers, weighting: survey.weighting, questions: questionValues(survey.questions) }
    : { title: '', titleEn: '', introduction: '', introductionEn: '', opensAt: null, closesAt: null, minAnswers: 10, weighting: 'EQUAL_PER_STAKEHOLDER_TYPE', questions: [] };

/**
 * A new survey's form (`slug` null) or a survey's page. `notice` says what the last action did.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {string | null} slug
 * @param {string | null} notice
 */
async function surveyPage(ctx, me, slug, notice) {
  const [survey, domains] = await Promise.all([
    slug ? gql(surveysQueries.SURVEY_FORM, { slug }, { signedIn: true }).then((data) => data.survey) : null,
    readAll((after) => gql(surveysQueries.SURVEY_DOMAIN_CHOICES, { after }, { signedIn: true }), (data) => data.valueDomains),
  ]);
  if (!ctx.current()) return;
  if (slug && !survey) return renderNotFound();
  // The version the status moves send back: the form's saves and a settled conflict move it on.
  let version = survey ? survey.updatedAt : null;
  const title = survey ? survey.title : t('surveyNew');
  setTitle(title);
  const result = notice ? resultNotice(notice, 'survey-result') : null;
  const form = recordForm({
    name: 'survey',
    fields: surveyFields(domains, survey ? survey.questionsFixed : false),
    values: surveyValues(survey),
    updatedAt: survey ? survey.updatedAt : null,
    submitText: survey ? t('save') : t('surveyCreate'),
    save: async (input, read) => {
      requireFilled(input, ['minAnswers', 'weighting']);
      if (!survey) return (await gql(surveysQueries.SAVE_NEW_SURVEY, { input }, { signedIn: true })).createSurvey.survey;
      return (await gql(surveysQueries.SAVE_SURVEY, { input: { ...input, id: survey.id, expectedUpdatedAt: read } }, { signedIn: true })).updateSurvey.survey;
    },
    onVersion: (updatedAt) => {
      version = updatedAt;
    },
    // Shown anew after every save: new questions get their ids, and the moves and counts beside the form
    // follow what was saved.
    onSaved: (saved) => {
      replaceAddress(routeHref(['team', 'bevragingen', saved.slug]));
      surveyPage(ctx, me, saved.slug, survey ? t('saved') : t('surveyCreated')).catch(rerender);
    },
  });
  /** Shows the page anew with a notice of what was done. @param {string} slugNow @param {string} text */
  const again = async (slugNow, text) => {
    if (ctx.current()) await surveyPage(ctx, me, slugNow, text);
  };
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamSurveysTitle'), ['team', 'bevragingen']], [title]]),
    pageTitle(title, t('teamSurveysTitle')),
    result,
    survey ? standing(survey, me, () => version, again) : null,
    survey && survey.status !== 'DRAFT' ? conversations(survey) : null,
    section(t('surveyContent'), 'survey-content', form),
  );
  focusResult(result);
}

/**
 * Where a survey stands and what the team does with it: its status moves, its answers, its results and
 * their publication, the spreadsheet, a copy, and applying the suggested scores.
 * @param {any} survey
 * @param {Account} me
 * @param {() => string} version the version the form last saw
 * @param {(slug: string, notice: string) => Promise<void>} again
 */
function standing(survey, me, version, again) {
  const results = survey.results;
  const answered = results ? results.respondents.total : 0;
  const moves = statusMoves({
    name: 'survey',
    nextStatuses: survey.nextStatuses,
    labelPrefix: 'surveyMove_',
    move: async (status) => {
      const moved = (await gql(surveysQueries.MOVE_SURVEY, { id: survey.id, read: version(), status }, { signedIn: true })).setSurveyStatus.survey;
      await again(moved.slug, moveText('surveyMoved_', status));
    },
  });
  const published = !!survey.resultsPublishedAt;
  const publish = action(published ? t('surveyUnpublish') : t('surveyPublish'), 'survey-publish', async () => {
    await gql(surveysQueries.PUBLISH_SURVEY_RESULTS, { id: survey.id, published: !published }, { signedIn: true });
    await again(survey.slug, published ? t('surveyUnpublished') : t('surveyPublishedNow'));
  });
  const copy = action(t('surveyCopy'), 'survey-copy', async () => {
    const copied = (await gql(surveysQueries.COPY_SURVEY, { id: survey.id }, { signedIn: true })).copySurvey.survey;
    replaceAddress(routeHref(['team', 'bevragingen', copied.slug]));
    await again(copied.slug, t('surveyCopied'));
  });
  const spreadsheet = action(t('surveyCsv'), 'survey-csv', async () => {
    const name = await download(`/surveys/${encodeURIComponent(survey.id)}/answers.csv`, `survey-answers-${survey.slug}.csv`);
    return t('surveyCsvDone', { file: name });
  });
  return [
    section(
      t('surveyStanding'),
      'survey-standing',
      h('p', { testid: 'survey-status-line' }, t('status'), ': ', h('strong', { testid: 'survey-status', 'data-status': survey.status }, label('SurveyStatus', survey.status)), ' · ', survey.takesAnswers ? t('surveyTakesAnswers') : t('surveyTakesNoAnswers')),
      moves,
      h(
        'p',
        { testid: 'survey-answer-count', 'data-total': String(answered) },
        count('surveyRespondentCount', answered),
        results && results.unconfirmed ? [' ', count('surveyUnconfirmed', results.unconfirmed)] : null,
      ),
      survey.status === 'DRAFT' ? null : h('p', null, routeLink(['bevraging', survey.slug], t('surveyPublicLink'), { testid: 'survey-public-link' }), ' · ', h('code', null, `${location.origin}/${routeHref(['bevraging', survey.slug])}`)),
    ),
    section(
      t('surveyResults'),
      'survey-results',
      h('p', null, published ? t('surveyPublishedAt', { when: formatInstant(survey.resultsPublishedAt) }) : t('surveyTeamOnly'), ' · ', routeLink(['bevraging', survey.slug, 'resultaten'], t('surveyResultsLink'), { testid: 'survey-results-link' })),
      h('div', { class: 'buttons' }, survey.status === 'DRAFT' ? null : publish, spreadsheet, copy),
      results && results.valueDomains.length ? applyScores(survey, me, again) : null,
    ),
  ];
}

/**
 * A button for an action of the survey's page, with its outcome or refusal beside it. `run` does it and
 * shows the page anew, or answers a text to say.
 * @param {string} text
 * @param {string} testid
 * @param {() => Promise<string | void>} run
 */
function action(text, testid, run) {
  const slot = h('div', { testid: `${testid}-outcome` });
  const button = h('button', { type: 'button', class: 'btn btn-secondary', testid }, text);
  button.addEventListener('click', async () => {
    if (!mayLeave()) return;
    button.disabled = true;
    slot.replaceChildren();
    try {
      const said = await run();
      if (said) {
        const done = resultNotice(said, `${testid}-done`);
        slot.replaceChildren(done);
        focusResult(done);
      }
    } catch (err) {
      showRefusal(slot, err);
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'survey-action' }, button, slot);
}

/**
 * What the answers suggest for each value domain, and for admins the button that applies it.
 * @param {any} survey
 * @param {Account} me
 * @param {(slug: string, notice: string) => Promise<void>} again
 */
function applyScores(survey, me, again) {
  const domains = survey.results.valueDomains;
  const suggested = (/** @type {any} */ d, /** @type {typeof SCORES[number]} */ key) => (d[key].suggested === null ? '—' : String(d[key].suggested));
  return h(
    'div',
    { testid: 'survey-apply' },
    h('h3', null, t('surveySuggestedScores')),
    h('p', { class: 'muted' }, t('surveySuggestedFrom', { n: formatNumber(survey.minAnswers) })),
    recordTable(
      t('surveySuggestedScores'),
      [t('domainName'), t('chartCount'), ...SCORES.map((key) => t(key))],
      domains.map((/** @type {any} */ d) => [d.valueDomain ? routeLink(['team', 'domeinen', d.valueDomain.slug], d.valueDomain.name) : t('chartDomainGone'), formatNumber(d.answerCount), ...SCORES.map((key) => suggested(d, key))]),
      'survey-suggested',
    ),
    me.role === 'ADMIN'
      ? action(t('surveyApply'), 'survey-apply-scores', async () => {
          if (!window.confirm(t('surveyApplyConfirm'))) return;
          const { applySurveyScores } = await gql(surveysQueries.APPLY_SURVEY_SCORES, { surveyId: survey.id }, { signedIn: true });
          await again(survey.slug, count('surveyApplied', applySurveyScores.valueDomains.length));
        })
      : h('p', { class: 'muted' }, t('surveyApplyAdmins')),
  );
}
