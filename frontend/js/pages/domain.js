// @ts-check
// A value domain's page: its scores, and its pilot cases, events, success stories and interested partners.

import { gql } from '../api.js';
import { h, renderedMarkdown, setMain, setTitle } from '../dom.js';
import { label, locale, t } from '../lang.js';
import * as queries from '../queries.js';
import { byStart } from '../time.js';
import { feedHref, feedLinks } from '../ui/calendar.js';
import { cardList, caseCard, eventCard, partnerCard, priorityMeter, storyCard } from '../ui/cards.js';
import { chip, statusChip } from '../ui/chips.js';
import { breadcrumbs, definitionList, pageTitle, renderNotFound, section } from '../ui/frame.js';
import { scoresSource } from '../ui/survey-parts.js';

/**
 * Renders `#/domeinen/<slug>`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string} slug
 */
export async function pageDomain(ctx, slug) {
  const data = await gql(queries.DOMAIN, { slug });
  if (!ctx.current()) return;
  const d = data.valueDomain;
  if (!d) return renderNotFound();
  setTitle(d.name);
  const events = [...(d.events || [])].sort(byStart);
  const stories = d.successStories || [];
  const partners = [...(d.interestedPartners || [])].sort((a, b) => a.name.localeCompare(b.name, locale()));
  setMain(
    breadcrumbs([[t('navHome'), []], [t('domainsTitle'), ['domeinen']], [d.name]]),
    pageTitle(d.name, t('valueDomain')),
    h('p', { class: 'chips' }, statusChip(d.status), (d.themes || []).map((th) => chip(label('Theme', th), 'theme'))),
    h(
      'div',
      { class: 'detail-grid' },
      h('div', { class: 'detail-main' }, renderedMarkdown(d.descriptionHtml, 'domain-description')),
      h(
        'aside',
        { class: 'detail-side panel', testid: 'domain-scores' },
        priorityMeter(d.priorityScore),
        definitionList([
          [t('economicValue'), scoreDots(d.economicValue)],
          [t('societalValue'), scoreDots(d.societalValue)],
          [t('dataReadiness'), scoreDots(d.dataReadiness)],
        ]),
        scoresSource(d.scoresSource),
      ),
    ),
    section(t('domainCases'), 'domain-cases', cardList(d.pilotCases, (c) => caseCard(c, false), 'case-list', t('noCases'))),
    section(
      t('domainEvents'),
      'domain-events',
      cardList(events, eventCard, 'event-list', t('noEvents')),
      feedLinks(feedHref({ valueDomain: d.slug }), t('icsFeedDomain'), 'domain-events-feed'),
    ),
    section(t('domainStories'), 'domain-stories', cardList(stories, storyCard, 'story-list', t('noStories'))),
    section(t('domainPartners'), 'domain-partners', cardList(partners, partnerCard, 'partner-list', t('noPartners'))),
  );
}

/**
 * A score from 0 to 5 as dots, with the score in words for screen readers.
 * @param {number} n
 */
function scoreDots(n) {
  const value = Math.max(0, Math.min(5, Number(n) || 0));
  const dots = h('span', { class: 'dots', 'aria-hidden': 'true' });
  for (let i = 1; i <= 5; i++) dots.append(h('span', { class: 'dot-score' + (i <= value ? ' on' : '') }));
  return h('span', { class: 'score' }, dots, h('span', { class: 'score-text' }, t('scoreOf5', { n: value })));
}
