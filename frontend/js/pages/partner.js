// @ts-check
// A partner's page: what it can do, the data it offers and needs, its interests, cases and stories.

import { gql } from '../api.js';
import { displayUrl, externalLink, h, renderedMarkdown, routeLink, setMain, setTitle } from '../dom.js';
import { label, t } from '../lang.js';
import * as queries from '../queries.js';
import { cardList, storyCard } from '../ui/cards.js';
import { chip, chipList, cityChips } from '../ui/chips.js';
import { breadcrumbs, definitionList, pageTitle, renderNotFound, section } from '../ui/frame.js';

/**
 * Renders `#/partners/<slug>`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string} slug
 */
export async function pagePartner(ctx, slug) {
  const data = await gql(queries.PARTNER, { slug });
  if (!ctx.current()) return;
  const p = data.partner;
  if (!p) return renderNotFound();
  setTitle(p.name);
  const memberships = p.memberships || [];
  const stories = p.successStories || [];
  const interests = p.interests || [];
  setMain(
    breadcrumbs([[t('navHome'), []], [t('partnersTitle'), ['partners']], [p.name]]),
    pageTitle(p.name, label('StakeholderType', p.stakeholderType)),
    h(
      'div',
      { class: 'detail-grid' },
      h('div', { class: 'detail-main' }, renderedMarkdown(p.descriptionHtml, 'partner-description')),
      h(
        'aside',
        { class: 'detail-side panel', testid: 'partner-facts' },
        definitionList([
          [t('stakeholderType'), label('StakeholderType', p.stakeholderType)],
          [t('homeCity'), p.homeCity ? h('span', { class: 'chips' }, cityChips([p.homeCity])) : t('elsewhere')],
          [t('website'), p.website ? externalLink(p.website, displayUrl(p.website), 'partner-website') : null],
        ]),
      ),
    ),
    h(
      'div',
      { class: 'three-col' },
      section(t('capabilities'), 'partner-capabilities', chipList(p.capabilities, 'tag', 'capability-list')),
      section(t('dataOffered'), 'partner-data-offered', chipList(p.dataOffered, 'tag', 'data-offered-list')),
      section(t('dataNeeded'), 'partner-data-needed', chipList(p.dataNeeded, 'tag', 'data-needed-list')),
    ),
    section(
      t('interests'),
      'partner-interests',
      interests.length
        ? h('ul', { class: 'chip-list', testid: 'interest-list' }, interests.map((d) => h('li', null, routeLink(['domeinen', d.slug], d.name, { class: 'chip chip-link' }))))
        : h('p', { class: 'muted' }, t('noItems')),
    ),
    section(
      t('memberships'),
      'partner-memberships',
      memberships.length
        ? h(
            'ul',
            { class: 'rows', testid: 'membership-list' },
            memberships.map((m) =>
              h(
                'li',
                { class: 'row', testid: 'membership-item' },
                h('span', { class: 'row-main' }, routeLink(['cases', m.pilotCase.slug], m.pilotCase.title)),
                h('span', { class: 'chips' }, chip(label('MemberRole', m.role), 'role'), chip(label('MemberStatus', m.status), m.status === 'ACCEPTED' ? 'ok' : 'info')),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('noMemberships')),
    ),
    stories.length ? section(t('partnerStories'), 'partner-stories', cardList(stories, storyCard, 'story-list')) : null,
  );
}
