// @ts-check
// The partners of the open data community, filtered by stakeholder type and city.

import { gql } from '../api.js';
import { setTitle } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { partnerCard } from '../ui/cards.js';
import { PAGE_SIZE, filterBar, listPage, pickEnum, selectFilter } from '../ui/lists.js';

/**
 * Renders `#/partners`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pagePartners(ctx, params) {
  const route = ['partners'];
  const type = pickEnum(params, 'type', 'StakeholderType');
  const city = pickEnum(params, 'stad', 'City');
  /** @type {Record<string, unknown>} */
  const filter = {};
  if (type) filter.stakeholderType = [type];
  if (city) filter.homeCity = city;
  const clean = {};
  if (type) clean.type = type;
  if (city) clean.stad = city;
  setTitle(t('partnersTitle'));
  await listPage(ctx, {
    title: t('partnersTitle'),
    intro: t('partnersIntro'),
    filters: filterBar(
      [
        selectFilter({ name: 'type', labelText: t('stakeholderType'), anyText: t('anyType'), options: enumValues('StakeholderType').map((v) => [v, label('StakeholderType', v)]), value: type, testid: 'filter-type', params: clean, route }),
        selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route }),
      ],
      clean,
      route,
    ),
    fetchPage: async (after) => (await gql(queries.PARTNERS, { filter, first: PAGE_SIZE, after })).list,
    render: partnerCard,
    testid: 'partner-list',
    countKey: 'partnersCount',
    filtered: Object.keys(clean).length > 0,
  });
}
