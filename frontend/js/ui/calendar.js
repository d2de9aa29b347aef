// @ts-check
// Links to the iCalendar files served next to the API (same origin, so plain internal links).

import { h } from '../dom.js';

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
