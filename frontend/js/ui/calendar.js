// @ts-check
// Links to the iCalendar files served next to the API (same origin, so plain internal links), and to the
// feeds as subscriptions (`webcal://`), which a calendar app follows and keeps up to date.

import { h } from '../dom.js';
import { t } from '../lang.js';

/**
 * One event's iCalendar file.
 * @param {string} slug
 */
export const eventIcsHref = (slug) => `/events/${encodeURIComponent(slug)}.ics`;

/**
 * The events feed, `/events.ics`, with the given filters (empty ones left out).
 * @param {Record<string, string | null | undefined>} [params]
 */
export function feedHref(params) {
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v)).toString();
  return query ? `/events.ics?${query}` : '/events.ics';
}

/**
 * A small link to an iCalendar file.
 * @param {string} href
 * @param {string} text
 * @param {string} testid
 */
export function calendarLink(href, text, testid) {
  return h('p', { class: 'ics' }, h('a', { class: 'ics-link', href, type: 'text/calendar', testid }, text));
}

/**
 * A feed offered both ways: as a subscription (`webcal://`, which opens the calendar app, and which it
 * reads again now and then) and as a file to download once.
 * @param {string} href the feed, as `feedHref` gives it
 * @param {string} text what the subscription link says
 * @param {string} testid the subscription link's; the download's gets `-download` added
 */
export function feedLinks(href, text, testid) {
  const subscribe = h('a', { class: 'ics-link', testid }, text);
  // This site's own feed with the subscription scheme: no record's URL, so `h`'s guard for those (which
  // lets only internal addresses through) does not apply.
  subscribe.setAttribute('href', `webcal://${location.host}${href}`);
  return h(
    'p',
    { class: 'ics' },
    subscribe,
    ' · ',
    h('a', { href, type: 'text/calendar', download: '', testid: `${testid}-download` }, t('icsDownload')),
  );
}
