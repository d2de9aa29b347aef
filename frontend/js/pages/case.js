// @ts-check
// A pilot case's page: what it needs, its datasets, partners, events and stories, and for the team the partners that fit it.

import { gql } from '../api.js';
import { h, renderedMarkdown, routeLink, setMain, setTitle } from '../dom.js';
import { enumValues, label, locale, t } from '../lang.js';
import * as queries from '../queries.js';
import * as casesQueries from '../queries/cases.js';
import { sessionToken } from '../session.js';
import { byStart, formatNaiveDate } from '../time.js';
import { feedHref, feedLinks } from '../ui/calendar.js';
import { cardList, datasetCard, eventCard, storyCard } from '../ui/cards.js';
import { chip, chipList, cityChips, phaseChip } from '../ui/chips.js';
import { breadcrumbs, definitionList, pageTitle, renderNotFound, section } from '../ui/frame.js';
import { caseMatching } from '../ui/matching.js';

/**
 * Renders `#/cases/<slug>`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string} slug
 */
export async function pageCase(ctx, slug) {
  const data = await gql(queries.CASE, { slug });
  if (!ctx.current()) return;
  const c = data.pilotCase;
  if (!c) return renderNotFound();
  setTitle(c.title);
  // A withdrawn invitation is no place in the case (the team sees the others, answered or not).
  const members = (c.members || []).filter((m) => m.status !== 'WITHDRAWN');
  const roleOrder = enumValues('MemberRole');
  members.sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.partner.name.localeCompare(b.partner.name, locale()));
  const events = [...(c.events || [])].sort(byStart);
  const stories = c.successStories || [];
  const capabilities = [...(c.neededCapabilities || [])].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name, locale()));

  let period = null;
  if (c.startDate && c.endDate) period = `${formatNaiveDate(c.startDate)} – ${formatNaiveDate(c.endDate)}`;
  else if (c.startDate) period = t('from', { d: formatNaiveDate(c.startDate) });
  else if (c.endDate) period = t('until', { d: formatNaiveDate(c.endDate) });
  // Signed-in team members also see which partners fit the case, and those who may change it a link to its form.
  const [matching, edit] = await Promise.all([caseMatching(c), editLink(c.slug)]);
  if (!ctx.current()) return;

  setMain(
    breadcrumbs([[t('navHome'), []], [t('casesTitle'), ['cases']], [c.title]]),
    pageTitle(c.title, t('pilotCase')),
    edit,
    c.summary ? h('p', { class: 'lead' }, c.summary) : null,
    h(
      'div',
      { class: 'detail-grid' },
      h(
        'div',
        { class: 'detail-main' },
        renderedMarkdown(c.descriptionHtml, 'case-description'),
        c.goals && c.goals.length
          ? section(t('goals'), 'case-goals', h('ul', { class: 'bullets' }, c.goals.map((g) => h('li', null, g))))
          : null,
      ),
      h(
        'aside',
        { class: 'detail-side panel', testid: 'case-facts' },
        definitionList([
          [t('phase'), phaseChip(c.phase)],
          [t('cities'), h('span', { class: 'chips' }, cityChips(c.cities))],
          [t('valueDomain'), c.valueDomain ? routeLink(['domeinen', c.valueDomain.slug], c.valueDomain.name) : null],
          [t('period'), period],
        ]),
      ),
    ),
    section(
      t('neededCapabilities'),
      'case-capabilities',
      capabilities.length
        ? [
            h(
              'ul',
              { class: 'weights', testid: 'capability-list' },
              capabilities.map((cap) =>
                h(
                  'li',
                  { class: 'weight-row' },
                  h('span', { class: 'weight-name' }, cap.name),
                  h('span', { class: 'weight-bar', role: 'img', 'aria-label': t('weight', { n: cap.weight }) }, weightFill(cap.weight)),
                  h('span', { class: 'weight-value', 'aria-hidden': 'true' }, `${cap.weight}/5`),
                ),
              ),
            ),
            h('p', { class: 'muted small' }, t('weightHint')),
          ]
        : h('p', { class: 'muted' }, t('noItems')),
    ),
    section(
      t('wantedTypes'),
      'case-wanted-types',
      chipList((c.wantedStakeholderTypes || []).map((s) => label('StakeholderType', s)), 'type', 'wanted-type-list'),
    ),
    section(t('datasets'), 'case-datasets', cardList(c.datasets, datasetCard, 'dataset-list', t('noDatasets'))),
    section(
      t('members'),
      'case-members',
      members.length
        ? h(
            'ul',
            { class: 'rows', testid: 'member-list' },
            members.map((m) =>
              h(
                'li',
                { class: 'row', testid: 'member-item' },
                h('span', { class: 'row-main' }, routeLink(['partners', m.partner.slug], m.partner.name), h('span', { class: 'muted small' }, ' · ' + label('StakeholderType', m.partner.stakeholderType))),
                h('span', { class: 'chips' }, chip(label('MemberRole', m.role), 'role'), chip(label('MemberStatus', m.status), m.status === 'ACCEPTED' ? 'ok' : 'info')),
              ),
            ),
          )
        : h('p', { class: 'muted', testid: 'member-list-empty' }, t('noMembers')),
    ),
    section(
      t('caseEvents'),
      'case-events',
      cardList(events, eventCard, 'event-list', t('noEvents')),
      feedLinks(feedHref({ pilotCase: c.slug }), t('icsFeedCase'), 'case-events-feed'),
    ),
    section(t('caseStories'), 'case-stories', cardList(stories, storyCard, 'story-list', t('noStories'))),
    matching,
  );
}

/**
 * A link to the case's form in the team's workspace, for a signed-in viewer the API lets change it; null
 * for everyone else (and when the question fails: the page works without it).
 * @param {string} slug
 */
async function editLink(slug) {
  if (!sessionToken()) return null;
  try {
    const { pilotCase } = await gql(casesQueries.TEAM_CASE_RIGHTS, { slug }, { signedIn: true });
    return pilotCase?.viewerCanUpdate ? h('p', { class: 'edit-link' }, routeLink(['team', 'cases', slug], t('teamCaseEditLink'), { class: 'btn btn-secondary btn-small', testid: 'case-edit-link' })) : null;
  } catch (_) {
    return null;
  }
}

/**
 * The filled part of a capability's weight bar (1 to 5).
 * @param {number} weight
 */
function weightFill(weight) {
  const fill = h('span', { class: 'meter-fill' });
  fill.style.width = Math.max(0, Math.min(5, Number(weight) || 0)) * 20 + '%';
  return fill;
}
