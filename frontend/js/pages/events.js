// @ts-check
// The events, upcoming or past, filtered by city, value domain and pilot case, with the calendar feed of
// the same filters.

import { gql } from '../api.js';
import { h, main, routeHref, setTitle } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { feedHref, feedLinks } from '../ui/calendar.js';
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
  // The value domains and cases to choose from; a slug in the address that names none is left out.
  const { valueDomains, pilotCases } = await gql(queries.EVENT_FILTER_CHOICES);
  if (!ctx.current()) return;
  const domain = valueDomains.nodes.find((d) => d.slug === params.domein);
  const pilotCase = pilotCases.nodes.find((c) => c.slug === params.case);
  // One "now" for the whole list, so every page of it is read with the same filter.
  const now = new Date().toISOString();
  const filter = past
    ? { status: ['PUBLISHED', 'COMPLETED'], startsBefore: now }
    : { status: ['PUBLISHED', 'CANCELLED'], startsFrom: now };
  if (city) filter.city = city;
  if (domain) filter.valueDomainId = domain.id;
  if (pilotCase) filter.pilotCaseId = pilotCase.id;
  const direction = past ? 'DESC' : 'ASC';
  // The filters set, kept when switching tabs.
  const chosen = {};
  if (city) chosen.stad = city;
  if (domain) chosen.domein = domain.slug;
  if (pilotCase) chosen.case = pilotCase.slug;
  const clean = past ? { ...chosen, tijd: 'voorbij' } : { ...chosen };

  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': t('whenTabs'), testid: 'event-tabs' },
    h('a', { class: 'tab', href: routeHref(route, chosen), 'aria-current': past ? null : 'page', testid: 'tab-upcoming' }, t('upcoming')),
    h('a', { class: 'tab', href: routeHref(route, { ...chosen, tijd: 'voorbij' }), 'aria-current': past ? 'page' : null, testid: 'tab-past' }, t('past')),
  );

  // The feed follows the filters (it holds upcoming and past events alike).
  const feed = feedLinks(feedHref({ city, valueDomain: domain?.slug, pilotCase: pilotCase?.slug }), t('icsFeed'), 'events-feed');

  setTitle(t('eventsTitle'));
  await listPage(ctx, {
    title: t('eventsTitle'),
    intro: t('eventsIntro'),
    extra: [tabs, feed],
    filters: filterBar(
      [
        selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route }),
        selectFilter({ name: 'domein', labelText: t('valueDomain'), anyText: t('anyDomain'), options: valueDomains.nodes.map((d) => [d.slug, d.name]), value: domain?.slug, testid: 'filter-domain', params: clean, route }),
        selectFilter({ name: 'case', labelText: t('pilotCase'), anyText: t('anyCase'), options: pilotCases.nodes.map((c) => [c.slug, c.title]), value: pilotCase?.slug, testid: 'filter-case', params: clean, route }),
      ],
      chosen,
      route,
    ),
    fetchPage: async (after) => (await gql(queries.EVENTS, { filter, direction, first: PAGE_SIZE, after })).list,
    render: eventCard,
    testid: 'event-list',
    countKey: 'eventsCount',
    filtered: Object.keys(chosen).length > 0,
  });
  // The "clear filters" link must keep the tab.
  const clear = main().querySelector('[data-testid="clear-filters"]');
  if (clear && past) clear.setAttribute('href', routeHref(route, { tijd: 'voorbij' }));
}
