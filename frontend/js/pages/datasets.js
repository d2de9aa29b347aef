// @ts-check
// The open datasets, filtered by theme.

import { gql } from '../api.js';
import { setTitle } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { datasetCard } from '../ui/cards.js';
import { PAGE_SIZE, filterBar, listPage, pickEnum, selectFilter } from '../ui/lists.js';

/**
 * Renders `#/datasets`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageDatasets(ctx, params) {
  const route = ['datasets'];
  const theme = pickEnum(params, 'thema', 'Theme');
  const filter = theme ? { theme: [theme] } : null;
  const clean = theme ? { thema: theme } : {};
  setTitle(t('datasetsTitle'));
  await listPage(ctx, {
    title: t('datasetsTitle'),
    intro: t('datasetsIntro'),
    filters: filterBar(
      [selectFilter({ name: 'thema', labelText: t('theme'), anyText: t('anyTheme'), options: enumValues('Theme').map((v) => [v, label('Theme', v)]), value: theme, testid: 'filter-theme', params: clean, route })],
      clean,
      route,
    ),
    fetchPage: async (after) => (await gql(queries.DATASETS, { filter, first: PAGE_SIZE, after })).list,
    render: datasetCard,
    testid: 'dataset-list',
    countKey: 'datasetsCount',
    filtered: !!theme,
  });
}
