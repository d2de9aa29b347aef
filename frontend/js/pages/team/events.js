// @ts-check
// The team's events, `#/team/events/...`: the list of the events the account manages (those not yet over
// first, each with its seats and waitlist), a new event's form (`nieuw`), an event's form (`<slug>`) and its
// registrations (`<slug>/inschrijvingen`).

import { gql } from '../../api.js';
import { h, routeLink, setMain, setTitle } from '../../dom.js';
import { t } from '../../lang.js';
import * as eventsQueries from '../../queries/events.js';
import { byStart, eventWhen, parseDate } from '../../time.js';
import { cityChips } from '../../ui/chips.js';
import { pageTitle, renderNotFound, section } from '../../ui/frame.js';
import { pageEventForm } from './event-form.js';
import { EVENTS_ROUTE, eventCrumbs, eventStatusChip, seatsText } from './event-parts.js';
import { pageRegistrations } from './registrations.js';

/** How far back the list looks for events that began but are not over yet (a hackathon lasts days). */
const UNDER_WAY_DAYS = 14;

/** The path words of a new event's form (Dutch, and English as an alias). */
const NEW = ['nieuw', 'new'];
/** The path words of an event's registrations (Dutch, and English as an alias). */
const REGISTRATIONS = ['inschrijvingen', 'registrations'];

/**
 * @typedef {object} EventItem an event as the list shows it
 * @property {string} id
 * @property {string} slug
 * @property {string} title
 * @property {string} status
 * @property {string[]} cities
 * @property {string} startsAtLocal
 * @property {string} endsAtLocal
 * @property {string} endsAt
 * @property {string} timeZone
 * @property {number | null} capacity
 * @property {number} seatsTaken
 * @property {number} waitlistLength
 */

/**
 * The events the account may change (the API's `viewerCanUpdate`: an admin's of every city, a coordinator's
 * of their own cities), those not over yet and the latest past ones.
 * @param {Date} now
 * @returns {Promise<EventItem[]>}
 */
async function managedEvents(now) {
  const from = new Date(now.getTime() - UNDER_WAY_DAYS * 24 * 3600 * 1000).toISOString();
  const answer = await gql(eventsQueries.TEAM_EVENTS, { from, now: now.toISOString() }, { signedIn: true });
  /** @type {Map<string, EventItem>} */
  const byId = new Map();
  // An event under way is in both lists.
  for (const ev of [...answer.upcoming.nodes, ...answer.past.nodes]) byId.set(ev.id, ev);
  return [...byId.values()];
}

/**
 * One event of the list: its title (to its form), when, where it stands, its seats, and its registrations.
 * @param {EventItem} ev
 */
function eventItem(ev) {
  return h(
    'li',
    { class: 'ev-item', testid: 'team-event', 'data-slug': ev.slug, 'data-status': ev.status },
    h('p', { class: 'ev-item-title' }, routeLink([...EVENTS_ROUTE, ev.slug], ev.title, { testid: 'team-event-edit' })),
    h('p', { class: 'muted small' }, eventWhen(ev, true)),
    h('p', { class: 'chips' }, eventStatusChip(ev.status), ' ', cityChips(ev.cities)),
    h('p', { testid: 'team-event-seats', 'data-taken': String(ev.seatsTaken), 'data-waitlist': String(ev.waitlistLength) }, seatsText(ev)),
    h('p', null, routeLink([...EVENTS_ROUTE, ev.slug, REGISTRATIONS[0]], t('evRegistrationsLink'), { testid: 'team-event-registrations' })),
  );
}

/**
 * A list of events, or a line saying there are none.
 * @param {EventItem[]} events
 * @param {string} testid
 */
function eventList(events, testid) {
  if (!events.length) return h('p', { class: 'muted', testid: `${testid}-empty` }, t('evListNone'));
  return h('ul', { class: 'ev-list', testid }, events.map(eventItem));
}

/**
 * Renders `#/team/events`: the events the account manages, those not over yet first (the soonest on top),
 * then past ones (the latest on top).
 * @param {import('../../router.js').RenderContext} ctx
 */
async function pageEventList(ctx) {
  const now = new Date();
  const events = await managedEvents(now);
  if (!ctx.current()) return;
  const over = (/** @type {EventItem} */ ev) => (parseDate(ev.endsAt)?.getTime() ?? 0) <= now.getTime();
  const coming = events.filter((ev) => !over(ev)).sort(byStart);
  const past = events.filter(over).sort((a, b) => byStart(b, a));
  setTitle(t('evListTitle'));
  setMain(
    eventCrumbs([[t('evListTitle')]]),
    pageTitle(t('evListTitle'), t('teamTitle')),
    h('p', { class: 'lead' }, t('evListIntro')),
    h('p', null, routeLink([...EVENTS_ROUTE, NEW[0]], t('evNew'), { class: 'btn', testid: 'team-event-new' })),
    section(t('evListComing'), 'team-events-coming', eventList(coming, 'team-events-coming-list')),
    section(t('evListPast'), 'team-events-past', eventList(past, 'team-events-past-list')),
  );
}

/**
 * The events part of the workspace (`PARTS.events` in index.js): dispatches its paths.
 * @type {import('./index.js').TeamPage}
 */
export async function teamEvents(ctx, me, path) {
  const [first, second, ...rest] = path;
  if (first === undefined) return pageEventList(ctx);
  if (NEW.includes(first) && second === undefined) return pageEventForm(ctx, me, null);
  if (second === undefined) return pageEventForm(ctx, me, first);
  if (REGISTRATIONS.includes(second) && !rest.length) return pageRegistrations(ctx, me, first);
  renderNotFound();
}
