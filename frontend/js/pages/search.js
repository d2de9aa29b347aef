// @ts-check
// Search: hits over every kind of record, with snippets, facets to refine them and more pages on demand.

import { ApiError, gql } from '../api.js';
import { h, highlightNodes, routeHref, setMain, setTitle, snippetText, timeEl } from '../dom.js';
import { count, enumValues, formatNumber, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { navigate, rerender } from '../router.js';
import { eventWhen, formatDay } from '../time.js';
import { chip, cityChips, phaseChip, statusChip } from '../ui/chips.js';
import { errorBox, pageTitle } from '../ui/frame.js';
import { pager, pickEnumList } from '../ui/lists.js';

const SEARCH_PAGE_SIZE = 20;
const MAX_QUERY_CHARS = 500; // the API refuses longer queries
/** The search page's route. */
export const SEARCH_ROUTE = ['zoeken'];
// The route of each record type's own page.
/** @type {Record<string, string>} */
const RECORD_ROUTE = {
  ValueDomain: 'domeinen',
  PilotCase: 'cases',
  Partner: 'partners',
  CoCreationEvent: 'events',
  SuccessStory: 'verhalen',
  Dataset: 'datasets',
};
/**
 * A group of facets: its URL parameter, the API's facet field, the SearchFilter's field, the enum of its
 * values, its label, the alias of its own facet search in `queries.SEARCH`, and its test id.
 * @typedef {object} FacetGroup
 * @property {string} param
 * @property {string} field
 * @property {'kinds' | 'cities' | 'stakeholderTypes'} filterKey
 * @property {import('../lang.js').EnumName} enumName
 * @property {import('../lang.js').TextKey} labelKey
 * @property {'kindFacets' | 'cityFacets' | 'typeFacets'} alias
 * @property {string} testid
 */
/** @typedef {Record<FacetGroup['filterKey'], string[]>} Selection the values chosen in each group */

/** @type {FacetGroup[]} */
const FACET_GROUPS = [
  { param: 'soort', field: 'kind', filterKey: 'kinds', enumName: 'SearchKind', labelKey: 'facetKind', alias: 'kindFacets', testid: 'facet-kind' },
  { param: 'stad', field: 'cities', filterKey: 'cities', enumName: 'City', labelKey: 'facetCity', alias: 'cityFacets', testid: 'facet-city' },
  { param: 'type', field: 'stakeholder_types', filterKey: 'stakeholderTypes', enumName: 'StakeholderType', labelKey: 'facetType', alias: 'typeFacets', testid: 'facet-type' },
];

/**
 * A search text from the URL or the search box: trimmed and cut to what the API accepts.
 * @param {string | null | undefined} value
 */
export function cleanQuery(value) {
  const trimmed = String(value ?? '').replace(/\s+/g, ' ').trim();
  return Array.from(trimmed).slice(0, MAX_QUERY_CHARS).join('').trim();
}

/**
 * The SearchFilter for a selection ({ kinds: [...], ... }), or null when nothing is selected; `without`
 * leaves one group's own condition out.
 * @param {Selection} selection
 * @param {string} [without]
 */
function searchFilter(selection, without) {
  /** @type {Partial<Selection>} */
  const filter = {};
  for (const g of FACET_GROUPS) {
    if (g.filterKey !== without && selection[g.filterKey].length) filter[g.filterKey] = selection[g.filterKey];
  }
  return Object.keys(filter).length ? filter : null;
}

/** The header's search box. */
export function searchInput() {
  return /** @type {HTMLInputElement | null} */ (document.getElementById('search-input'));
}

/**
 * Renders `#/zoeken`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageSearch(ctx, params) {
  const q = cleanQuery(params.q);
  /** @type {Selection} */
  const selection = { kinds: [], cities: [], stakeholderTypes: [] };
  /** @type {Record<string, string>} */
  const clean = {};
  if (q) clean.q = q;
  for (const g of FACET_GROUPS) {
    selection[g.filterKey] = pickEnumList(params, g.param, g.enumName);
    if (selection[g.filterKey].length) clean[g.param] = selection[g.filterKey].join(',');
  }
  const activeCount = FACET_GROUPS.reduce((n, g) => n + selection[g.filterKey].length, 0);
  const input = searchInput();
  if (input && document.activeElement !== input) input.value = q;

  const title = q ? t('searchResultsFor', { q }) : t('searchTitle');
  setTitle(q ? `${t('searchTitle')}: ${q}` : t('searchTitle'));
  const head = () => pageTitle(title, q ? t('searchTitle') : null);

  // Nothing asked yet: say where to type.
  if (!q && !activeCount) {
    setMain(head(), h('p', { class: 'lead' }, t('searchIntro')), h('p', { class: 'muted', testid: 'search-prompt' }, t('searchPrompt')));
    return;
  }

  const filter = searchFilter(selection);
  /** @type {Record<string, unknown>} */
  const variables = { query: q, filter, first: SEARCH_PAGE_SIZE, after: null };
  for (const g of FACET_GROUPS) {
    const key = g.alias.replace(/s$/, '');
    variables[key] = selection[g.filterKey].length > 0;
    variables[key + 'Filter'] = searchFilter(selection, g.filterKey);
  }

  let data;
  try {
    data = await gql(queries.SEARCH, variables);
  } catch (err) {
    if (!ctx.current()) return;
    setMain(head(), searchErrorBox(err, () => rerender()));
    return;
  }
  if (!ctx.current()) return;
  const first = { ...data.results, nodes: data.results.edges };
  const list = h('ol', { class: 'search-results', testid: 'search-results' }, first.nodes.map(searchHit));
  const empty = h(
    'div',
    { class: 'empty', testid: 'search-empty' },
    h('p', null, q && !activeCount ? t('searchNone', { q }) : t('searchNoneFiltered')),
    // The API offers a query that does find something (the vocabulary's words closest to those typed).
    data.results.suggestion
      ? h('p', { testid: 'search-suggestion' }, t('searchDidYouMean'), ' ', h('a', { href: routeHref(SEARCH_ROUTE, { ...clean, q: data.results.suggestion }) }, data.results.suggestion), '?')
      : null,
    h('p', { class: 'muted' }, t('searchNoneHint')),
  );
  const { countEl, moreBox, errorSlot } = pager(ctx, {
    first,
    fetchPage: async (after) => {
      const page = (await gql(queries.SEARCH_MORE, { query: q, filter, first: SEARCH_PAGE_SIZE, after })).results;
      return { ...page, nodes: page.edges };
    },
    render: searchHit,
    list,
    countKey: 'searchCount',
    countTestid: 'search-total',
    failed: (err) => searchErrorBox(err, null),
  });

  const facets = searchFacets(data, selection, clean, activeCount);
  setMain(
    head(),
    h(
      'div',
      { class: 'search-layout' + (facets ? '' : ' search-layout-single') },
      facets,
      h('div', { class: 'search-main' }, countEl, first.nodes.length || first.pageInfo.hasNextPage ? list : empty, moreBox, errorSlot),
    ),
  );
}

/**
 * The friendly "search is down" notice for UNAVAILABLE; every other error as on the other pages.
 * @param {any} err a thrown error
 * @param {(() => void) | null} onRetry
 */
function searchErrorBox(err, onRetry) {
  if (!(err instanceof ApiError) || err.code !== 'UNAVAILABLE') return errorBox(err, onRetry);
  return h(
    'div',
    { class: 'notice notice-warn', role: 'alert', testid: 'search-unavailable', 'data-code': err.code },
    h('p', { class: 'notice-title' }, t('searchUnavailableTitle')),
    h('p', null, t('searchUnavailable')),
    onRetry ? h('button', { type: 'button', class: 'btn', onclick: onRetry }, t('retry')) : null,
  );
}

/**
 * @typedef {object} SearchHit a hit (an edge of the search connection), with the fields of `SearchHitFields` in queries.js
 * @property {string} kind
 * @property {{ field: string, snippet: string }[]} highlights
 * @property {Record<string, any>} node the record, by its `__typename`
 */

/**
 * One hit: kind label, link to the record's page (title highlighted), facts and snippets.
 * @param {SearchHit} hit
 */
function searchHit(hit) {
  const rec = hit.node;
  const name = rec.title ?? rec.name ?? rec.slug;
  const highlights = hit.highlights || [];
  const titleHl = highlights.find((x) => x.field === 'title');
  // The highlighted title is used only when it is the whole title (a cropped one would hide part of it).
  const linkText = titleHl && snippetText(titleHl.snippet).trim() === String(name).trim() ? highlightNodes(titleHl.snippet) : name;
  const route = RECORD_ROUTE[rec.__typename];
  const link = route ? h('a', { href: routeHref([route, rec.slug]) }, linkText) : h('span', null, linkText);
  const snippets = highlights
    .filter((x) => x.field !== 'title')
    .slice(0, 2)
    .map((x) =>
      h(
        'p',
        { class: 'snippet snippet-' + String(x.field).replace(/[^a-z_]/gi, ''), testid: 'search-snippet' },
        x.field === 'tags' ? h('span', { class: 'snippet-label' }, t('matchTags') + ': ') : null,
        highlightNodes(x.snippet),
      ),
    );
  return h(
    'li',
    { class: 'search-hit', testid: 'search-hit', 'data-kind': hit.kind },
    h('p', { class: 'chips search-hit-chips' }, chip(label('SearchKind', hit.kind), 'kind', 'search-hit-kind'), hitChips(rec)),
    h('h2', { class: 'search-hit-title' }, link),
    hitMeta(rec),
    snippets,
  );
}

/**
 * The chips of a hit's record, by its type.
 * @param {Record<string, any>} rec
 */
function hitChips(rec) {
  switch (rec.__typename) {
    case 'ValueDomain':
      return statusChip(rec.domainStatus);
    case 'PilotCase':
      return [phaseChip(rec.phase), cityChips(rec.cities)];
    case 'Partner':
      return [chip(label('StakeholderType', rec.stakeholderType), 'type'), rec.homeCity ? cityChips([rec.homeCity]) : null];
    case 'CoCreationEvent':
      return [
        rec.eventStatus === 'CANCELLED' ? chip(label('EventStatus', 'CANCELLED'), 'warn') : null,
        rec.eventStatus === 'COMPLETED' ? chip(label('EventStatus', 'COMPLETED'), 'muted') : null,
        chip(label('EventFormat', rec.format), 'format'),
        cityChips(rec.cities),
      ];
    case 'SuccessStory':
      return rec.city ? cityChips([rec.city]) : null;
    case 'Dataset':
      return chip(label('Theme', rec.theme), 'theme');
    default:
      return null;
  }
}

/**
 * The line of facts under a hit's title, by the record's type.
 * @param {Record<string, any>} rec
 */
function hitMeta(rec) {
  if (rec.__typename === 'CoCreationEvent' && rec.startsAtLocal) return h('p', { class: 'card-meta' }, timeEl(rec.startsAtLocal, eventWhen(/** @type {import('../time.js').Timed} */ (rec), true)));
  if (rec.__typename === 'SuccessStory' && rec.publishedAt) return h('p', { class: 'card-meta' }, timeEl(rec.publishedAt, t('publishedOn', { d: formatDay(rec.publishedAt) })));
  if (rec.__typename === 'Dataset' && rec.publisher) return h('p', { class: 'card-meta' }, `${t('publisher')}: ${rec.publisher}`);
  return null;
}

/**
 * The facet filters: one group of checkboxes per field, with the counts the API gives.
 * @param {Record<string, any>} data the answer to `queries.SEARCH`
 * @param {Selection} selection
 * @param {Record<string, string>} clean the page's parameters
 * @param {number} activeCount how many values are chosen
 */
function searchFacets(data, selection, clean, activeCount) {
  const groups = [];
  for (const g of FACET_GROUPS) {
    const selected = selection[g.filterKey];
    // A group with a selection takes its counts from the search without its own condition.
    const source = selected.length && data[g.alias] ? data[g.alias] : data.results;
    const facet = (source.facets || []).find((f) => f.field === g.field);
    const known = enumValues(g.enumName);
    const values = (facet ? facet.values : []).filter((v) => known.includes(v.value) && (v.count > 0 || selected.includes(v.value)));
    for (const v of selected) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0 });
    if (!values.length) continue;
    const legendId = 'facet-legend-' + g.param;
    groups.push(
      h(
        'fieldset',
        { class: 'facet-group', testid: g.testid },
        h('legend', { id: legendId }, t(g.labelKey)),
        h(
          'ul',
          { class: 'facet-options' },
          values.map((v) => {
            const id = `facet-${g.param}-${v.value}`;
            const checked = selected.includes(v.value);
            const box = h('input', { type: 'checkbox', id, name: g.param, value: v.value, checked, 'data-value': v.value });
            box.addEventListener('change', () => {
              const next = { ...clean };
              const list = box.checked ? [...selected, v.value] : selected.filter((x) => x !== v.value);
              // Keep the enum's order, so the same selection always gives the same URL.
              const ordered = known.filter((x) => list.includes(x));
              if (ordered.length) next[g.param] = ordered.join(',');
              else delete next[g.param];
              navigate(routeHref(SEARCH_ROUTE, next), id);
            });
            return h(
              'li',
              { class: 'facet-option' },
              h(
                'label',
                { for: id },
                box,
                h('span', { class: 'facet-label' }, label(g.enumName, v.value)),
                h('span', { class: 'facet-count', 'aria-hidden': 'true' }, formatNumber(v.count)),
                h('span', { class: 'sr-only' }, ` (${count('facetCountSr', v.count)})`),
              ),
            );
          }),
        ),
      ),
    );
  }
  if (!groups.length) return null;
  const form = h(
    'form',
    { class: 'search-facets', role: 'group', 'aria-label': t('refine'), testid: 'search-facets', onsubmit: (e) => e.preventDefault() },
    groups,
    activeCount ? h('p', { class: 'facet-clear' }, h('a', { class: 'link-quiet', testid: 'clear-filters', href: routeHref(SEARCH_ROUTE, clean.q ? { q: clean.q } : null) }, t('clearFilters'))) : null,
  );
  // Open on wide screens; on small ones only when filters are in use (the results come first).
  const wide = !window.matchMedia || window.matchMedia('(min-width: 46.01rem)').matches;
  return h(
    'details',
    { class: 'search-side', open: wide || activeCount > 0 },
    h('summary', { class: 'search-side-summary' }, activeCount ? t('refineActive', { n: activeCount }) : t('refine')),
    form,
  );
}
