// @ts-check
// The events, upcoming or past, filtered by city, with the calendar feed.

import { gql } from '../api.js';
import { h, main, routeHref, setTitle } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { calendarLink, feedHref } from '../ui/calendar.js';
import { eventCard } from '../ui/cards.js';
import { PAGE_SIZE, filterBar, listPage, pickEnum, selectFilter } from '../ui/lists.js';

/**
 * Renders `#/events`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageEvents(ctx, params) {
  const route = ['events'];
  const past = params.tijd === 'voorbij';
  const city = pickEnum(params, 'stad', 'City');
  // One "now" for the whole list, so every page of it is read with the same filter.
  const now = new Date().toISOString();
  const filter = past
    ? { status: ['PUBLISHED', 'COMPLETED'], startsBefore: now }
    : { status: ['PUBLISHED', 'CANCELLED'], startsFrom: now };
  if (city) filter.city = city;
  const direction = past ? 'DESC' : 'ASC';
  const clean = {};
  if (past) clean.tijd = 'voorbij';
  if (city) clean.stad = city;
  const cityOnly = city ? { stad: city } : {};

  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': t('whenTabs'), testid: 'event-tabs' },
    // The city filter is kept when switching tabs.
    h('a', { class: 'tab', href: routeHref(route, cityOnly), 'aria-current': past ? null : 'page', testid: 'tab-upcoming' }, t('upcoming')),
    h('a', { class: 'tab', href: routeHref(route, { ...cityOnly, tijd: 'voorbij' }), 'aria-current': past ? 'page' : null, testid: 'tab-past' }, t('past')),
  );

  // The feed follows the city filter (it holds upcoming and past events alike).
  const feed = calendarLink(feedHref({ city }), t('icsFeed'), 'events-feed');

  setTitle(t('eventsTitle'));
  await listPage(ctx, {
    title: t('eventsTitle'),
    intro: t('eventsIntro'),
    extra: [tabs, feed],
    filters: filterBar(
      [selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route })],
      cityOnly,
      route,
    ),
    fetchPage: async (after) => (await gql(queries.EVENTS, { filter, direction, first: PAGE_SIZE, after })).list,
    render: eventCard,
    testid: 'event-list',
    countKey: 'eventsCount',
    filtered: !!city,
  });
  // The "clear filters" link must keep the tab.
  const clear = main().querySelector('[data-testid="clear-filters"]');
  if (clear && past) clear.setAttribute('href', routeHref(route, { tijd: 'voorbij' }));
}
