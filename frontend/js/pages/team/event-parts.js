// @ts-check
// What the team's event pages share: the notice for an event of another city, the way back up, an event's
// status and seats in words, and the notice that says what an action did.

import { ApiError } from '../../api.js';
import { h } from '../../dom.js';
import { label, t } from '../../lang.js';
import { chip } from '../../ui/chips.js';
import { breadcrumbs, errorBox } from '../../ui/frame.js';

/** The path of the team's events, `#/team/events`. */
export const EVENTS_ROUTE = ['team', 'events'];

/**
 * The notice for an event the account may not change (`viewerCanUpdate` is false: another city's): the API
 * would refuse every change to it, so the page offers none.
 * @param {string} title
 */
export function notYours(title) {
  return h('div', { testid: 'event-not-yours' }, h('p', { class: 'lead' }, title), errorBox(new ApiError('FORBIDDEN'), null, false), h('p', { class: 'muted' }, t('evNotYours')));
}

/**
 * The way back up from an event's page: the workspace, its events, then the items given.
 * @param {[string, string[]?][]} items
 */
export function eventCrumbs(items) {
  return breadcrumbs([[t('teamTitle'), ['team']], [t('evListTitle'), EVENTS_ROUTE], ...items]);
}

/**
 * An event's status as a chip, coloured by where it stands.
 * @param {string} status
 */
export function eventStatusChip(status) {
  const variant = status === 'PUBLISHED' ? 'ok' : status === 'CANCELLED' ? 'warn' : status === 'COMPLETED' ? 'muted' : 'info';
  return chip(label('EventStatus', status), variant, 'event-status');
}

/**
 * The seats taken against the capacity, and the waitlist, in words.
 * @param {{ seatsTaken: number, capacity: number | null, waitlistLength: number }} ev
 */
export function seatsText(ev) {
  const seats = ev.capacity === null ? t('evSeatsNoLimit', { taken: ev.seatsTaken }) : t('evSeats', { taken: ev.seatsTaken, capacity: ev.capacity });
  return ev.waitlistLength ? `${seats} · ${t('evWaitlist', { n: ev.waitlistLength })}` : seats;
}

/**
 * What an action did, in a notice that takes the focus (so a screen reader hears it and the keyboard
 * carries on from there).
 * @param {string} text
 * @param {string} testid
 */
export function resultNotice(text, testid) {
  return h('p', { class: 'notice', role: 'status', tabindex: '-1', testid }, text);
}
