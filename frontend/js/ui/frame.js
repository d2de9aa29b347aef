// @ts-check
// The frame of every page: its title, breadcrumbs, sections and facts, and the pages for an error, for
// "not found" and for loading.

import { h, main, routeLink, setMain, setTitle } from '../dom.js';
import { isTextKey, t } from '../lang.js';
import { formatInstant } from '../time.js';

/** @typedef {import('../dom.js').Child} Child */

/**
 * A section with its heading.
 * @param {string} titleText
 * @param {string} testid
 * @param {Child[]} children
 */
export function section(titleText, testid, ...children) {
  const id = 'sec-' + Math.random().toString(36).slice(2, 8);
  return h('section', { class: 'section', 'aria-labelledby': id, testid }, h('h2', { id }, titleText), children);
}

/**
 * Facts as a definition list; a row without a value is left out.
 * @param {[string, Child][]} rows
 * @param {string} [testid]
 */
export function definitionList(rows, testid) {
  const dl = h('dl', { class: 'facts', testid });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
    dl.append(h('div', { class: 'fact' }, h('dt', null, term), h('dd', null, value)));
  }
  return dl;
}

/**
 * The page's heading, with a kicker above it (the kind of record, say).
 * @param {string} text
 * @param {string | null} [kicker]
 */
export function pageTitle(text, kicker) {
  return h(
    'header',
    { class: 'page-head' },
    kicker ? h('p', { class: 'kicker' }, kicker) : null,
    h('h1', { testid: 'page-title', tabindex: '-1' }, text),
  );
}

/**
 * The way back up: each item is a text and the route it links to (the last, this page, links nowhere).
 * @param {[string, string[]?][]} items
 */
export function breadcrumbs(items) {
  return h(
    'nav',
    { class: 'breadcrumbs', 'aria-label': t('breadcrumb') },
    h(
      'ol',
      null,
      items.map(([text, parts], i) =>
        h('li', null, i < items.length - 1 && parts ? routeLink(parts, text) : h('span', { 'aria-current': 'page' }, text)),
      ),
    ),
  );
}

/**
 * What to tell people about a failed request: a friendly text picked by its code (and, for a record that
 * changed since it was read, when it changed).
 * @param {{ code?: string, field?: string | null, retryAfter?: number | null, current?: Record<string, unknown> | null } | null | undefined} err
 */
function errorText(err) {
  const code = err && err.code ? err.code : 'UNKNOWN';
  if (code === 'CONFLICT' && err && err.field === 'expectedUpdatedAt') {
    const when = err.current && typeof err.current.updatedAt === 'string' ? formatInstant(err.current.updatedAt) : '';
    return { code, text: t('err_CHANGED', { when }) };
  }
  const key = 'err_' + code;
  return { code, text: isTextKey(key) ? t(/** @type {import('../lang.js').TextKey} */ (key), { s: err && err.retryAfter ? err.retryAfter : 60 }) : t('err_UNKNOWN') };
}

/**
 * A failed request's notice, with its code and, given `onRetry`, a button to try again.
 * @param {Parameters<typeof errorText>[0]} err
 * @param {(() => void) | null} [onRetry]
 */
export function errorBox(err, onRetry, withTitle = true) {
  const { code, text } = errorText(err);
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert', testid: 'error-message', 'data-code': code },
    withTitle ? h('p', { class: 'notice-title' }, t('errorTitle')) : null,
    h('p', null, text),
    h('p', { class: 'muted small' }, t('errorCode', { code })),
    onRetry ? h('button', { type: 'button', class: 'btn', onclick: onRetry }, t('retry')) : null,
  );
}

/**
 * A page that could not be shown.
 * @param {{ code?: string, retryAfter?: number | null }} err
 * @param {() => void} retry
 */
export function renderError(err, retry) {
  setMain(pageTitle(err && err.code === 'NOT_FOUND' ? t('notFoundTitle') : t('errorTitle')), errorBox(err, retry, false),
    h('p', null, routeLink([], t('backHome'))));
  setTitle(err && err.code === 'NOT_FOUND' ? t('notFoundTitle') : t('errorTitle'));
}

/** The page for an address that names nothing the visitor may see. */
export function renderNotFound() {
  setMain(
    pageTitle(t('notFoundTitle')),
    h('div', { class: 'notice', testid: 'not-found' }, h('p', null, t('notFoundText'))),
    h('p', null, routeLink([], t('backHome'))),
  );
  setTitle(t('notFoundTitle'));
}

/** A loading notice, for an answer that takes a moment. */
export function renderLoading() {
  const root = main();
  root.setAttribute('aria-busy', 'true');
  setMain(h('div', { class: 'loading', testid: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('loading')));
}
