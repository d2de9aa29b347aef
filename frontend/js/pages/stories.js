// @ts-check
// The success stories, the latest first, filtered by city.

import { gql } from '../api.js';
import { setTitle } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { storyCard } from '../ui/cards.js';
import { PAGE_SIZE, filterBar, listPage, pickEnum, selectFilter } from '../ui/lists.js';

/**
 * Renders `#/verhalen`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageStories(ctx, params) {
  const route = ['verhalen'];
  const city = pickEnum(params, 'stad', 'City');
  /** @type {Record<string, unknown>} */
  const filter = {};
  if (city) filter.city = city;
  const clean = city ? { stad: city } : {};
  setTitle(t('storiesTitle'));
  await listPage(ctx, {
    title: t('storiesTitle'),
    intro: t('storiesIntro'),
    filters: filterBar(
      [selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route })],
      clean,
      route,
    ),
    fetchPage: async (after) => (await gql(queries.STORIES, { filter, first: PAGE_SIZE, after })).list,
    render: storyCard,
    testid: 'story-list',
    countKey: 'storiesCount',
    filtered: !!city,
  });
}
