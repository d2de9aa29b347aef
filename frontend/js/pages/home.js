// @ts-check
// The home page: the programme, its upcoming events, selected value domains and latest success stories.

import { gql } from '../api.js';
import { h, routeHref, routeLink, setMain, setTitle } from '../dom.js';
import { formatNumber, t } from '../lang.js';
import * as queries from '../queries.js';
import { cardList, domainCard, eventCard, storyCard } from '../ui/cards.js';
import { section } from '../ui/frame.js';

/**
 * Renders `#/`.
 * @param {import('../router.js').RenderContext} ctx
 */
export async function pageHome(ctx) {
  const data = await gql(queries.HOME, { now: new Date().toISOString() });
  if (!ctx.current()) return;
  setTitle('');
  const hero = h(
    'section',
    { class: 'hero', testid: 'home-intro' },
    h('p', { class: 'kicker' }, t('homeKicker')),
    h('h1', { testid: 'page-title', tabindex: '-1' }, t('homeTitle')),
    h('p', { class: 'lead' }, t('homeIntro1')),
    h('p', null, t('homeIntro2')),
    h(
      'p',
      { class: 'hero-actions' },
      routeLink(['events'], t('homeCtaEvents'), { class: 'btn' }),
      routeLink(['domeinen'], t('homeCtaDomains'), { class: 'btn btn-secondary' }),
    ),
  );
  const seeAll = (parts, n, params) =>
    n > 0 ? h('p', { class: 'see-all' }, h('a', { href: routeHref(parts, params) }, `${t('seeAll')} (${formatNumber(n)})`)) : null;
  setMain(
    hero,
    section(
      t('homeUpcoming'),
      'home-events',
      cardList(data.upcoming.nodes, eventCard, 'event-list', t('homeNoUpcoming')),
      seeAll(['events'], data.upcoming.totalCount),
    ),
    section(
      t('homeDomains'),
      'home-domains',
      cardList(data.domains.nodes, domainCard, 'domain-list', t('homeNoDomains')),
      seeAll(['domeinen'], data.domains.totalCount, { status: 'SELECTED' }),
    ),
    section(
      t('homeStories'),
      'home-stories',
      cardList(data.stories.nodes, storyCard, 'story-list', t('homeNoStories')),
      seeAll(['verhalen'], data.stories.totalCount),
    ),
  );
}
