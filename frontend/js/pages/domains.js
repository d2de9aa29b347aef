// @ts-check
// The value domains (meerwaardegebieden), by priority, filtered by status and theme.

import { gql } from '../api.js';
import { setTitle } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { domainCard } from '../ui/cards.js';
import { PAGE_SIZE, filterBar, listPage, pickEnum, selectFilter } from '../ui/lists.js';

/**
 * Renders `#/domeinen`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageDomains(ctx, params) {
  const route = ['domeinen'];
  const status = params.status === 'ALL' ? 'ALL' : pickEnum(params, 'status', 'ValueDomainStatus');
  const theme = pickEnum(params, 'thema', 'Theme');
  const filter = {
    status: status === 'ALL' ? null : status ? [status] : ['SELECTED', 'CANDIDATE'],
    theme,
  };
  if (!filter.status) delete filter.status;
  if (!filter.theme) delete filter.theme;
  const clean = {};
  if (status) clean.status = status;
  if (theme) clean.thema = theme;
  setTitle(t('domainsTitle'));
  const statusSelect = selectFilter({
    name: 'status',
    labelText: t('status'),
    anyText: t('statusOpen'),
    options: [...enumValues('ValueDomainStatus').map((v) => [v, label('ValueDomainStatus', v)]), ['ALL', t('all')]],
    value: status,
    testid: 'filter-status',
    params: clean,
    route,
  });
  const themeSelect = selectFilter({
    name: 'thema',
    labelText: t('theme'),
    anyText: t('anyTheme'),
    options: enumValues('Theme').map((v) => [v, label('Theme', v)]),
    value: theme,
    testid: 'filter-theme',
    params: clean,
    route,
  });
  await listPage(ctx, {
    title: t('domainsTitle'),
    intro: t('domainsIntro'),
    filters: filterBar([statusSelect, themeSelect], clean, route),
    fetchPage: async (after) => (await gql(queries.DOMAINS, { filter, first: PAGE_SIZE, after })).list,
    render: domainCard,
    testid: 'domain-list',
    countKey: 'domainsCount',
    filtered: Object.keys(clean).length > 0,
  });
}
