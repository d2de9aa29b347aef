// @ts-check
// The pilot cases, filtered by city and phase.

import { gql } from '../api.js';
import { setTitle } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { caseCard } from '../ui/cards.js';
import { PAGE_SIZE, filterBar, listPage, pickEnum, selectFilter } from '../ui/lists.js';

/**
 * Renders `#/cases`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageCases(ctx, params) {
  const route = ['cases'];
  const city = pickEnum(params, 'stad', 'City');
  const phase = pickEnum(params, 'fase', 'PilotCasePhase');
  const filter = {};
  if (city) filter.city = city;
  if (phase) filter.phase = [phase];
  const clean = {};
  if (city) clean.stad = city;
  if (phase) clean.fase = phase;
  setTitle(t('casesTitle'));
  await listPage(ctx, {
    title: t('casesTitle'),
    intro: t('casesIntro'),
    filters: filterBar(
      [
        selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route }),
        selectFilter({ name: 'fase', labelText: t('phase'), anyText: t('anyPhase'), options: enumValues('PilotCasePhase').map((v) => [v, label('PilotCasePhase', v)]), value: phase, testid: 'filter-phase', params: clean, route }),
      ],
      clean,
      route,
    ),
    fetchPage: async (after) => (await gql(queries.CASES, { filter, first: PAGE_SIZE, after })).list,
    render: caseCard,
    testid: 'case-list',
    countKey: 'casesCount',
    filtered: Object.keys(clean).length > 0,
  });
}
