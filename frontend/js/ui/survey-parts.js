// @ts-check
// What the survey's pages share: a survey's texts in the page's language (the English ones when the team
// wrote them), and where a survey stands, in words.

import { h, routeLink } from '../dom.js';
import { currentLang, formatNumber, t } from '../lang.js';
import { formatDay, formatInstant } from '../time.js';
import { chip } from './chips.js';

/**
 * The English text when the page is in English and the team wrote one, else the Dutch one.
 * @param {string} nl
 * @param {string | null | undefined} en
 */
export function inLang(nl, en) {
  return currentLang() === 'en' && en && en.trim() ? en : nl;
}

/** @param {{ title: string, titleEn: string }} survey */
export const surveyTitle = (survey) => inLang(survey.title, survey.titleEn);

/** @param {{ prompt: string, promptEn: string }} question */
export const questionPrompt = (question) => inLang(question.prompt, question.promptEn);

/** @param {{ label: string, labelEn: string }} option */
export const optionLabel = (option) => inLang(option.label, option.labelEn);

/**
 * Where a survey stands for someone who would answer it: open (until when), not yet open, or closed.
 * @param {{ status: string, takesAnswers: boolean, opensAt: string | null, closesAt: string | null }} survey
 */
export function surveyStanding(survey) {
  if (survey.takesAnswers) return survey.closesAt ? t('surveyOpenUntil', { when: formatInstant(survey.closesAt) }) : t('surveyOpen');
  if (opensLater(survey) && survey.opensAt) return t('surveyOpensOn', { when: formatInstant(survey.opensAt) });
  return t('surveyClosed');
}

/**
 * Whether a survey is open but waits for its opening time.
 * @param {{ status: string, opensAt: string | null }} survey
 */
const opensLater = (survey) => survey.status === 'OPEN' && !!survey.opensAt && Date.parse(survey.opensAt) > Date.now();

/**
 * A chip saying whether the survey takes answers now (or will soon).
 * @param {{ status: string, takesAnswers: boolean, opensAt: string | null }} survey
 */
export function surveyChip(survey) {
  if (survey.takesAnswers) return chip(t('surveyOpenChip'), 'ok', 'survey-standing');
  return opensLater(survey) ? chip(t('surveySoonChip'), 'info', 'survey-standing') : chip(t('surveyClosedChip'), 'muted', 'survey-standing');
}

/**
 * The links between a survey's answering page and its results (shown once published).
 * @param {{ slug: string, resultsPublishedAt: string | null }} survey
 * @param {'answer' | 'results'} here
 */
export function surveyLinks(survey, here) {
  if (here === 'answer') return survey.resultsPublishedAt ? h('p', null, routeLink(['bevraging', survey.slug, 'resultaten'], t('surveyResultsLink'), { testid: 'survey-results-link' })) : null;
  return h('p', null, routeLink(['bevraging', survey.slug], t('surveyAnswerLink'), { testid: 'survey-answer-link' }));
}

/**
 * Where the scores came from: the survey whose answers suggested them (with a link to its results once
 * published), or the team's hand.
 * @param {{ byHand: boolean, setAt: string | null, answerCount: number | null, survey: { slug: string, title: string, titleEn: string, resultsPublishedAt: string | null } | null }} source
 */
export function scoresSource(source) {
  if (source.byHand) return h('p', { class: 'muted small', testid: 'scores-source', 'data-by-hand': 'true' }, t('scoresByHand'));
  // A survey the viewer may not read (a draft again, say) still gave the scores.
  if (!source.survey) return h('p', { class: 'muted small', testid: 'scores-source' }, t('scoresFromASurvey', { n: formatNumber(source.answerCount ?? 0), when: source.setAt ? formatDay(source.setAt) : '' }));
  const s = source.survey;
  return h(
    'p',
    { class: 'muted small', testid: 'scores-source', 'data-survey': s.slug },
    t('scoresFromSurvey', { survey: surveyTitle(s), n: formatNumber(source.answerCount ?? 0), when: source.setAt ? formatDay(source.setAt) : '' }),
    s.resultsPublishedAt ? [' ', routeLink(['bevraging', s.slug, 'resultaten'], t('surveyResultsLink'), { testid: 'scores-source-link' })] : null,
  );
}
