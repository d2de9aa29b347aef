// @ts-check
// The list pages' parts: filters in the address, a total count and a "Meer laden" button.

import { announce, h, routeHref, routeLink, setMain } from '../dom.js';
import { count, enumValues, formatNumber, t } from '../lang.js';
import { navigate, rerender } from '../router.js';
import { errorBox, pageTitle } from './frame.js';

/** @typedef {import('../dom.js').Child} Child */
/** @typedef {import('../router.js').Params} Params */

/** How many cards a list page asks for at a time. */
export const PAGE_SIZE = 12;

/**
 * @template T
 * @typedef {{ totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: T[] }} Page
 */

/**
 * A <select> filter that navigates to the same route with the new parameter.
 * @param {object} filter
 * @param {string} filter.name the address's parameter
 * @param {string} filter.labelText
 * @param {string} filter.anyText the choice for no filter
 * @param {string[][]} filter.options each value with its label
 * @param {string | null} filter.value the current value
 * @param {string} filter.testid
 * @param {Params} filter.params the page's current parameters
 * @param {string[]} filter.route
 */
export function selectFilter({ name, labelText, anyText, options, value, testid, params, route }) {
  const id = 'filter-' + name;
  const select = h(
    'select',
    {
      id,
      name,
      testid,
      onchange: (e) => {
        const next = { ...params };
        if (e.target.value) next[name] = e.target.value;
        else delete next[name];
        navigate(routeHref(route, next), id);
      },
    },
    h('option', { value: '' }, anyText),
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
  );
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), select);
}

/**
 * The filters of a list, with a link to clear them when one is set.
 * @param {HTMLElement[]} fields
 * @param {Params} params the parameters set
 * @param {string[]} route
 */
export function filterBar(fields, params, route) {
  const active = Object.keys(params).some((k) => fields.some((f) => f && f.querySelector(`[name="${k}"]`)));
  return h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filters'), testid: 'filters', onsubmit: (e) => e.preventDefault() },
    fields,
    active ? h('p', { class: 'field field-clear' }, routeLink(route, t('clearFilters'), { class: 'link-quiet', testid: 'clear-filters' })) : null,
  );
}

/**
 * A list page: title, intro, filters, total count, cards and a "Meer laden" button driven by
 * pageInfo.endCursor / hasNextPage.
 * @template T
 * @param {import('../router.js').RenderContext} ctx
 * @param {object} list
 * @param {string} list.title
 * @param {string} [list.intro]
 * @param {HTMLElement} [list.filters]
 * @param {(after: string | null) => Promise<Page<T>>} list.fetchPage one page, after the cursor
 * @param {(item: T) => HTMLElement} list.render a card
 * @param {string} list.testid the list's
 * @param {import('../lang.js').TextKey} list.countKey the count's text ("{n} partners"; with `1` added, "1 partner")
 * @param {boolean} list.filtered whether a filter is set (for the text of an empty list)
 * @param {Child} [list.extra] what goes between the introduction and the filters
 */
export async function listPage(ctx, { title, intro, filters, fetchPage, render, testid, countKey, filtered, extra }) {
  let first;
  try {
    first = await fetchPage(null);
  } catch (err) {
    if (!ctx.current()) return;
    // Keep the title and the filters, so another filter can be chosen; say what went wrong below them.
    setMain(pageTitle(title), intro ? h('p', { class: 'lead' }, intro) : null, extra || null, filters || null, errorBox(err, () => rerender()));
    return;
  }
  if (!ctx.current()) return;
  const list = h('ul', { class: 'cards', testid }, first.nodes.map((item) => render(item)));
  const empty = h('p', { class: 'muted empty', testid: testid + '-empty' }, filtered ? t('emptyFiltered') : t('empty'));
  const { countEl, moreBox, errorSlot } = pager(ctx, {
    first,
    fetchPage,
    render,
    list,
    countKey,
    countTestid: 'total-count',
    failed: (err) => errorBox(err),
  });

  setMain(
    pageTitle(title),
    intro ? h('p', { class: 'lead' }, intro) : null,
    extra || null,
    filters || null,
    countEl,
    first.nodes.length ? list : empty,
    moreBox,
    errorSlot,
  );
}

/**
 * What goes under a list that grows a page at a time: its total count, a "Meer laden" button that appends
 * the next page to the list, and a slot for the notice when a page fails to load.
 * @template T
 * @param {import('../router.js').RenderContext} ctx
 * @param {object} pager
 * @param {Page<T>} pager.first the page already in the list
 * @param {(after: string | null) => Promise<Page<T>>} pager.fetchPage the page after a cursor
 * @param {(item: T) => HTMLElement | null} pager.render one item (none to leave it out)
 * @param {HTMLElement} pager.list the list the pages go into
 * @param {import('../lang.js').TextKey} pager.countKey the count's text ("{n} partners")
 * @param {string} pager.countTestid the count's
 * @param {(err: any) => HTMLElement} pager.failed the notice for a page that failed to load
 * @returns {{ countEl: HTMLElement, moreBox: HTMLElement, errorSlot: HTMLElement }}
 */
export function pager(ctx, { first, fetchPage, render, list, countKey, countTestid, failed }) {
  let shown = first.nodes.length;
  let total = first.totalCount;
  let cursor = first.pageInfo.endCursor;

  const countEl = h('p', { class: 'total-count', testid: countTestid, 'data-total': String(total), tabindex: '-1' });
  const setCount = () => {
    countEl.setAttribute('data-total', String(total));
    countEl.textContent = count(countKey, total) + (total > shown ? ` · ${t('shown', { shown: formatNumber(shown), total: formatNumber(total) })}` : '');
  };
  setCount();

  const more = h('button', { type: 'button', class: 'btn btn-more', testid: 'load-more' }, t('loadMore'));
  const moreBox = h('div', { class: 'more' }, more);
  const errorSlot = h('div');
  more.addEventListener('click', async () => {
    more.disabled = true;
    more.textContent = t('loadingMore');
    errorSlot.replaceChildren();
    try {
      const page = await fetchPage(cursor);
      if (!ctx.current()) return;
      const items = /** @type {HTMLElement[]} */ (page.nodes.map((item) => render(item)).filter(Boolean));
      list.append(...items);
      shown += page.nodes.length;
      total = page.totalCount;
      cursor = page.pageInfo.endCursor;
      setCount();
      more.textContent = t('loadMore');
      more.disabled = false;
      moreBox.hidden = !page.pageInfo.hasNextPage;
      announce(t('moreLoaded', { count: page.nodes.length, shown, total }));
      // Keep keyboard users in place: focus the first new item's link.
      const firstLink = items.length ? items[0].querySelector('a') : null;
      if (firstLink) firstLink.focus();
      else if (moreBox.hidden) countEl.focus();
    } catch (err) {
      if (!ctx.current()) return;
      more.textContent = t('loadMore');
      more.disabled = false;
      errorSlot.replaceChildren(failed(err));
    }
  });
  moreBox.hidden = !first.pageInfo.hasNextPage;
  return { countEl, moreBox, errorSlot };
}

// Read and validate filter parameters from the hash (unknown values are dropped, never sent).

/**
 * An enum value from the hash, or null when it is not one.
 * @param {Params} params
 * @param {string} key
 * @param {import('../lang.js').EnumName} enumName
 */
export function pickEnum(params, key, enumName) {
  const v = params[key];
  return v && enumValues(enumName).includes(v) ? v : null;
}

/**
 * A comma-separated list of enum values from the hash (unknown ones dropped, no duplicates).
 * @param {Params} params
 * @param {string} key
 * @param {import('../lang.js').EnumName} enumName
 */
export function pickEnumList(params, key, enumName) {
  const known = enumValues(enumName);
  const wanted = String(params[key] ?? '').split(',');
  return known.filter((v) => wanted.includes(v));
}
