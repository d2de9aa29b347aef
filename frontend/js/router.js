// @ts-check
// The router: the part of the address after `#` names a page (`#/cases/slug?fase=RUNNING`); each change of
// it renders that page into the main region. The pages themselves are given by main.js (`startRouter`).

import { ApiError } from './api.js';
import { announce, main } from './dom.js';
import { t } from './lang.js';
import { renderError, renderLoading, renderNotFound } from './ui/frame.js';

/**
 * Tells whether a render is still the latest one: a page checks it after each request, so an answer that
 * arrives after the visitor moved on is dropped.
 * @typedef {{ current: () => boolean }} RenderContext
 */
/** @typedef {Record<string, string>} Params the address's parameters (after `?`) */
/** @typedef {(ctx: RenderContext, params: Params) => Promise<void>} ListPage a page with no slug */
/** @typedef {(ctx: RenderContext, slug: string) => Promise<void>} DetailPage a record's page, by its slug */
/** @typedef {(ctx: RenderContext, path: string[], params: Params) => Promise<void>} AreaPage an area with paths of its own */
/**
 * The pages by their first path segment: `list` for `#/name`, `detail` for `#/name/slug`, and `areas` for
 * `#/name/...` with any number of segments (the team's workspace), which the area's page reads itself.
 * @typedef {{ list: Record<string, ListPage>, detail: Record<string, DetailPage>, areas: Record<string, AreaPage> }} Routes
 */

// English aliases, so /#/domains or /#/stories also work.
/** @type {Record<string, string>} */
const ALIASES = { beheer: 'team', domains: 'domeinen', stories: 'verhalen', evenementen: 'events', search: 'zoeken', home: '', 'sign-in': 'aanmelden', mine: 'mijn', join: 'word-partner', door: 'deur', surveys: 'bevragingen', survey: 'bevraging' };

/** The route in the address: its path segments and its parameters. */
function parseHash() {
  let raw = location.hash.replace(/^#/, '');
  if (raw.startsWith('/')) raw = raw.slice(1);
  const [pathPart, queryPart = ''] = raw.split('?');
  const segments = pathPart
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch (_) {
        return s;
      }
    });
  /** @type {Params} */
  const params = {};
  for (const [k, v] of new URLSearchParams(queryPart)) params[k] = v;
  if (segments.length && Object.prototype.hasOwnProperty.call(ALIASES, segments[0])) segments[0] = ALIASES[segments[0]];
  return { segments, params };
}

/**
 * Changes a filter: replaces the history entry and renders again, then gives focus back to the control.
 * @param {string} href
 * @param {string} [focusId]
 */
export function navigate(href, focusId) {
  history.replaceState(null, '', href);
  render({ keepFocus: true, focusId });
}

/**
 * Puts another address in place of the current one without rendering (a new record's page, once created,
 * shows its own address), and remembers it as the page shown, so that leaving it is not taken for a change.
 * @param {string} href
 */
export function replaceAddress(href) {
  history.replaceState(null, '', href);
  shownHref = location.hash;
}

/** Renders the current page again (after a change made on it, or to retry). */
export const rerender = () => render({ keepFocus: false });

/**
 * Asks before leaving a page with unsaved changes. A page sets `unsaved` (a form, say, tells whether it
 * holds changes not yet saved); the router asks it at every change of the address and forgets it once the
 * page is left. Closing or reloading the tab asks the browser's own question.
 * @type {(() => boolean) | null}
 */
let unsaved = null;

/**
 * Lets the current page say whether it holds unsaved changes (see `unsaved`). A page of several forms (Mijn
 * LODE: the profile and a new story) calls it for each: it holds changes when any of them does.
 * @param {() => boolean} check
 */
export function guardUnsaved(check) {
  const earlier = unsaved;
  unsaved = earlier ? () => earlier() || check() : check;
}

/** Forgets the current page's forms (they are gone: the page is about to show anew without a render). */
export function forgetUnsaved() {
  unsaved = null;
}

/** Whether the visitor, asked, agrees to leave a page with unsaved changes (true when there are none). */
export function mayLeave() {
  return !unsaved || !unsaved() || window.confirm(t('leaveUnsaved'));
}

/** What to stop when the current page is left (a subscription, say). @type {(() => void)[]} */
let leaving = [];

/**
 * Runs `stop` when the current page is left: at the next render, whatever it shows.
 * @param {() => void} stop
 */
export function whenLeft(stop) {
  leaving.push(stop);
}

/** @type {Routes} */
let routes = { list: {}, detail: {}, areas: {} };
/** The address of the page last rendered, to go back to when the visitor stays on an unsaved form. */
let shownHref = '';
let renderCounter = 0;
let firstRender = true;

/**
 * Starts routing: renders the page in the address now and again at every change of it.
 * @param {Routes} pages
 */
export function startRouter(pages) {
  routes = pages;
  window.addEventListener('hashchange', () => {
    if (location.hash === shownHref) return;
    if (!mayLeave()) {
      history.replaceState(null, '', shownHref || '#/');
      return;
    }
    render();
  });
  window.addEventListener('beforeunload', (e) => {
    if (unsaved && unsaved()) e.preventDefault();
  });
  render();
}

/**
 * Renders the page in the address; the focus moves to its heading unless `keepFocus` (a filter changed) or
 * `focusId` (the control to give the focus back to).
 * @param {{ keepFocus?: boolean, focusId?: string }} [options]
 */
export async function render(options = {}) {
  const token = ++renderCounter;
  /** @type {RenderContext} */
  const ctx = { current: () => token === renderCounter };
  const { segments, params } = parseHash();
  const section0 = segments[0] || '';
  unsaved = null;
  shownHref = location.hash;
  for (const stop of leaving.splice(0)) stop();
  markNav(section0);
  closeMenu();

  /** @type {(() => Promise<void>) | null} */
  let handler = null;
  if (segments.length <= 1 && Object.prototype.hasOwnProperty.call(routes.list, section0)) {
    const page = routes.list[section0];
    handler = () => page(ctx, params);
  } else if (segments.length === 2 && Object.prototype.hasOwnProperty.call(routes.detail, section0)) {
    const page = routes.detail[section0];
    handler = () => page(ctx, segments[1]);
  } else if (Object.prototype.hasOwnProperty.call(routes.areas, section0)) {
    const page = routes.areas[section0];
    handler = () => page(ctx, segments.slice(1), params);
  }

  const root = main();
  const started = performance.now();
  // Only show a loading text when the answer takes a moment, to avoid flashing.
  const loadingTimer = setTimeout(() => ctx.current() && renderLoading(), 150);
  root.setAttribute('aria-busy', 'true');
  try {
    if (!handler) renderNotFound();
    else await handler();
  } catch (err) {
    if (!ctx.current()) return;
    if (!(err instanceof ApiError)) console.error(err);
    if (err instanceof ApiError && err.code === 'NOT_FOUND') renderNotFound();
    else renderError(err instanceof ApiError ? err : new ApiError('UNKNOWN'), () => render());
  } finally {
    clearTimeout(loadingTimer);
  }
  if (!ctx.current()) return;
  root.setAttribute('aria-busy', 'false');
  root.setAttribute('data-route', section0 || 'home');
  root.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));

  /** @type {HTMLElement | null} */
  const heading = root.querySelector('h1');
  const control = options.focusId ? document.getElementById(options.focusId) : null;
  if (control) control.focus({ preventScroll: true });
  else if (!firstRender && !options.keepFocus && heading) {
    heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  if (heading) announce(t('loaded', { title: heading.textContent }));
  firstRender = false;
}

/**
 * Marks the menu's link to the current section.
 * @param {string} section0 the route's first segment ('' for home)
 */
function markNav(section0) {
  for (const a of document.querySelectorAll('.nav-list a[data-route]')) {
    const route = a.getAttribute('data-route');
    const current = route === 'home' ? section0 === '' : route === section0;
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Closes the menu (on small screens it opens over the page). */
export function closeMenu() {
  const toggle = document.querySelector('.menu-toggle');
  if (toggle) toggle.setAttribute('aria-expanded', 'false');
  document.body.classList.remove('menu-open');
}
