// @ts-check
// A survey's results, `#/bevraging/<slug>/resultaten`: for the team always, for anyone once the team
// published them. The API decides what each viewer reads (free texts their writers did not agree to publish,
// breakdowns of small groups and the unconfirmed answers stay the team's); this page shows what it gets: who
// answered, each question's answers as a chart with its table, the free texts, and what the answers suggest
// for each value domain's scores.

import { accountOrEnded } from '../account.js';
import { gql } from '../api.js';
import { h, routeLink, setMain, setTitle } from '../dom.js';
import { count, formatNumber, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { barChart, oneDecimal, scoreChart } from '../ui/charts.js';
import { breadcrumbs, pageTitle, renderNotFound, section } from '../ui/frame.js';
import { optionLabel, questionPrompt, surveyLinks, surveyTitle } from '../ui/survey-parts.js';

/**
 * Renders `#/bevraging/<slug>/resultaten`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string} slug
 */
export async function pageSurveyResults(ctx, slug) {
  const { me } = await accountOrEnded();
  if (!ctx.current()) return;
  const { survey } = await gql(queries.SURVEY_RESULTS, { slug }, { signedIn: !!me });
  if (!ctx.current()) return;
  if (!survey) return renderNotFound();
  const title = surveyTitle(survey);
  setTitle(`${t('surveyResults')}: ${title}`);
  const head = [breadcrumbs([[t('navHome'), []], [t('surveysTitle'), ['bevragingen']], [title, ['bevraging', survey.slug]], [t('surveyResults')]]), pageTitle(title, t('surveyResults'))];
  const results = survey.results;
  if (!results) {
    setMain(head, h('p', { class: 'notice', testid: 'survey-results-unpublished' }, t('surveyResultsNotYet')), surveyLinks(survey, 'results'));
    return;
  }
  const respondents = results.respondents.total;
  setMain(
    head,
    survey.resultsPublishedAt ? null : h('p', { class: 'notice', testid: 'survey-results-team-only' }, t('surveyResultsTeamOnly')),
    section(
      t('surveyRespondents'),
      'survey-respondents',
      h(
        'p',
        { class: 'lead', testid: 'survey-respondent-count', 'data-total': String(respondents) },
        count('surveyRespondentCount', respondents),
        results.unconfirmed === null || results.unconfirmed === undefined ? null : [' ', h('span', { testid: 'survey-unconfirmed', 'data-count': String(results.unconfirmed) }, count('surveyUnconfirmed', results.unconfirmed))],
      ),
      breakdownCharts(results.respondents, respondents),
    ),
    results.valueDomains.length ? domainSection(results) : null,
    section(
      t('surveyQuestionResults'),
      'survey-question-results',
      results.questions.map((/** @type {any} */ r, /** @type {number} */ i) => questionResult(r, i + 1)),
    ),
    surveyLinks(survey, 'results'),
  );
}

/**
 * Who answered, by stakeholder type and by city, as far as the viewer may read it.
 * @param {import('../ui/charts.js').Tally} tally
 * @param {number} total
 */
function breakdownCharts(tally, total) {
  const types = tally.byStakeholderType || [];
  const cities = tally.byCity || [];
  if (!total) return null;
  if (!types.length && !cities.length) return h('p', { class: 'muted', testid: 'survey-breakdown-hidden' }, t('surveyBreakdownHidden'));
  return [
    types.length
      ? barChart({ caption: t('surveyByType'), rows: types.map((b) => ({ label: label('StakeholderType', b.stakeholderType), tally: { total: b.count } })), total, testid: 'chart-respondents-type' })
      : null,
    cities.length ? barChart({ caption: t('surveyByCity'), rows: cities.map((b) => ({ label: b.city ? label('City', b.city) : t('chartNoCity'), tally: { total: b.count } })), total, testid: 'chart-respondents-city' }) : null,
  ];
}

/**
 * What the answers suggest for each value domain: the chart of the scores and how the suggestion is made.
 * @param {any} results
 */
function domainSection(results) {
  return section(
    t('surveyDomainScores'),
    'survey-domain-scores',
    h('p', null, t(results.weighting === 'EQUAL_PER_ANSWER' ? 'surveyWeightedPerAnswer' : 'surveyWeightedPerType'), ' ', t('surveySuggestedFrom', { n: formatNumber(results.minAnswers) })),
    scoreChart({ caption: t('surveyDomainScores'), domains: results.valueDomains, testid: 'chart-domain-scores' }),
    h(
      'ul',
      { class: 'suggestions', testid: 'survey-suggestions' },
      results.valueDomains.map((/** @type {any} */ d) =>
        h(
          'li',
          { testid: 'survey-suggestion', 'data-domain': d.valueDomain ? d.valueDomain.slug : '' },
          d.valueDomain ? routeLink(['domeinen', d.valueDomain.slug], d.valueDomain.name) : t('chartDomainGone'),
          ': ',
          ['economicValue', 'societalValue', 'dataReadiness']
            .map((key) => `${t(/** @type {import('../lang.js').TextKey} */ (key))} ${d[key].suggested === null ? t('surveyNoSuggestion') : d[key].suggested}`)
            .join(' · '),
        ),
      ),
    ),
  );
}

/**
 * One question's results: a chart of its options or scale, its free texts, or its value domains' scores.
 * @param {any} result
 * @param {number} number
 */
function questionResult(result, number) {
  const q = result.question;
  const answered = result.answered.total;
  const heading = `${number}. ${questionPrompt(q)}`;
  const caption = t('surveyChartOf', { n: number });
  const body = (() => {
    if (q.kind === 'SINGLE_CHOICE' || q.kind === 'MULTIPLE_CHOICE') {
      return barChart({ caption, rows: q.options.map((/** @type {any} */ o, /** @type {number} */ i) => ({ label: optionLabel(o), tally: result.options[i] })), total: answered, testid: 'chart-question' });
    }
    if (q.kind === 'SCALE') {
      return [
        barChart({ caption, rows: result.scale.map((/** @type {any} */ tally, /** @type {number} */ i) => ({ label: String(i + 1), tally })), total: answered, testid: 'chart-question' }),
        result.scaleMean === null ? null : h('p', { testid: 'survey-scale-mean' }, t('surveyScaleMean', { mean: oneDecimal(result.scaleMean) })),
      ];
    }
    if (q.kind === 'FREE_TEXT') {
      const texts = result.texts;
      if (!texts.length) return h('p', { class: 'muted', testid: 'survey-no-texts' }, t('surveyNoTexts'));
      return h(
        'ul',
        { class: 'survey-texts', testid: 'survey-texts' },
        texts.map((/** @type {any} */ text) =>
          h(
            'li',
            { testid: 'survey-text' },
            h('blockquote', null, text.text),
            text.stakeholderType ? h('p', { class: 'muted small' }, label('StakeholderType', text.stakeholderType)) : null,
            text.publishable ? null : h('p', { class: 'muted small', testid: 'survey-text-private' }, t('surveyTextPrivate')),
          ),
        ),
      );
    }
    return scoreChart({ caption, domains: result.valueDomains, testid: 'chart-question' });
  })();
  return h(
    'article',
    { class: 'survey-result', testid: 'survey-question-result', 'data-kind': q.kind },
    h('h3', null, heading),
    h('p', { class: 'muted small' }, count('surveyAnsweredBy', answered)),
    body,
  );
}
