// @ts-check
// At the door: the team chooses one of today's events (of the coordinator's cities), then checks people
// in by the code on their registration: the code shows the registration's people, each to tick (those not
// yet in ticked already, those in shown as such), and only those ticked check in. The door sees how many
// of the people with a seat have arrived, kept up to date as others check people in at another door.

import { accountFor, onTeam } from '../account.js';
import { ApiError, gql } from '../api.js';
import { h, routeHref, setMain, setTitle } from '../dom.js';
import { follow } from '../live.js';
import { t } from '../lang.js';
import { navigate } from '../router.js';
import * as queries from '../queries.js';
import { eventWhen, formatInstant, isToday } from '../time.js';
import { peopleChoice, waitingWith } from '../ui/checkin.js';
import { formInput, inputField } from '../ui/forms.js';
import { errorBox, pageTitle } from '../ui/frame.js';

/** @typedef {{ id: string, title: string, startsAtLocal: string, endsAtLocal: string, timeZone: string, cities: string[] }} DoorEvent */
/** @typedef {import('../ui/checkin.js').Arriving & { peopleCount: number }} DoorRegistration */

/** How far around now the events of the day are looked for (a day either way covers every time zone). */
const DAY_MS = 24 * 3600 * 1000;

/**
 * The events of the day at the door: those that start today (Brussels) or are under way; for a
 * coordinator, only those of their cities (the others' doors are not theirs to keep).
 * @param {Date} now
 * @param {import('../account.js').Account} me
 * @returns {Promise<DoorEvent[]>}
 */
async function todaysEvents(now, me) {
  const { events } = await gql(
    queries.DOOR_EVENTS,
    { from: new Date(now.getTime() - DAY_MS).toISOString(), before: new Date(now.getTime() + DAY_MS).toISOString() },
    { signedIn: true },
  );
  const mine = (/** @type {DoorEvent} */ ev) => me.role === 'ADMIN' || ev.cities.some((city) => me.cities.includes(city));
  return events.nodes.filter((/** @type {DoorEvent} */ ev) => isToday(ev, now) && mine(ev));
}

/**
 * The choice of the event the door checks in for; choosing one puts it in the address.
 * @param {DoorEvent[]} events
 * @param {DoorEvent | null} chosen
 */
function eventChoice(events, chosen) {
  const id = 'door-event';
  const select = h(
    'select',
    {
      id,
      name: 'evenement',
      testid: id,
      onchange: (/** @type {Event} */ e) => {
        const value = /** @type {HTMLSelectElement} */ (e.target).value;
        navigate(routeHref(['deur'], value ? { evenement: value } : {}), id);
      },
    },
    h('option', { value: '' }, t('doorChooseEvent')),
    events.map((ev) => h('option', { value: ev.id, selected: ev.id === chosen?.id }, `${eventWhen(ev, true)} · ${ev.title}`)),
  );
  return h('div', { class: 'field' }, h('label', { for: id }, t('doorEvent')), select);
}

/**
 * The event's registrations, with their people and who of them has arrived.
 * @param {string} eventId
 * @returns {Promise<DoorRegistration[]>}
 */
async function readRegistrations(eventId) {
  const { event } = await gql(queries.DOOR_REGISTRATIONS, { id: eventId }, { signedIn: true });
  return event ? event.registrations : [];
}

/**
 * Who has arrived, against the people with a seat, both counted in people: read again after every
 * check-in (the seat counts that `eventSeatsChanged` pushes do not change when someone arrives, a seat
 * stays taken).
 * @param {HTMLElement} slot
 * @param {DoorRegistration[]} registrations
 */
function showArrivals(slot, registrations) {
  const arrived = registrations.reduce((sum, r) => sum + r.people.filter((p) => p.checkedInAt).length, 0);
  const expected = registrations.filter((r) => r.status === 'ATTENDED' || r.status === 'CONFIRMED').reduce((sum, r) => sum + r.peopleCount, 0);
  slot.setAttribute('data-arrived', String(arrived));
  slot.setAttribute('data-expected', String(expected));
  slot.textContent = t('doorArrivals', { arrived, expected });
}

/**
 * What the door says when a code is refused: the event a code of another event is for, else a text per
 * error code.
 * @param {unknown} err
 */
function refusal(err) {
  if (err instanceof ApiError && err.code === 'WRONG_EVENT' && err.extensions.event) {
    const other = err.extensions.event;
    return h('p', { class: 'notice notice-error', 'data-code': err.code }, t('doorWrongEvent', { event: other.title, when: formatInstant(other.startsAt) }));
  }
  const key = err instanceof ApiError ? { NOT_FOUND: 'doorUnknown', CONFLICT: 'doorConflict', FORBIDDEN: 'doorForbidden' }[err.code] : null;
  return key && err instanceof ApiError ? h('p', { class: 'notice notice-error', 'data-code': err.code }, t(key)) : errorBox(err, null, false);
}

/**
 * The check-in form for one event, with the arrivals. A code typed is looked up among the event's
 * registrations: one with people still to come shows them to choose from; any other code goes to the API
 * as typed, which says why it cannot check in (unknown, another event's, used up).
 * @param {DoorEvent} event
 */
function checkInFor(event) {
  const arrivals = h('p', { class: 'lead', testid: 'door-arrivals' });
  const choice = h('div', { testid: 'door-choice-slot' });
  const result = h('div', { role: 'status', 'aria-live': 'polite', testid: 'checkin-result' });
  const form = h(
    'form',
    { class: 'panel form-stack', testid: 'checkin-form' },
    inputField('checkin', 'code', t('doorCode'), { maxlength: 16, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', class: 'code-input' }),
    h('p', null, h('button', { type: 'submit', class: 'btn', testid: 'checkin-submit' }, t('doorButton'))),
  );
  const input = formInput(form, 'code');
  let busy = false;
  /** Reads the arrivals again (and answers the registrations read). */
  const refresh = async () => {
    try {
      const registrations = await readRegistrations(event.id);
      showArrivals(arrivals, registrations);
      return registrations;
    } catch (err) {
      arrivals.replaceChildren(errorBox(err, null, false));
      return null;
    }
  };
  /**
   * Checks in the people chosen of the registration with `code` (everyone not yet in without `personIds`).
   * @param {string} code
   * @param {string[] | null} personIds
   */
  const checkIn = async (code, personIds) => {
    busy = true;
    // The choice is done: the box is ready for the next code while this one is on its way.
    choice.replaceChildren();
    input.focus();
    try {
      const { checkIn: answer } = await gql(queries.CHECK_IN, { eventId: event.id, code, personIds }, { signedIn: true });
      const r = answer.registration;
      const arrived = r.people.filter((/** @type {{ checkedInAt: string | null }} */ p) => p.checkedInAt).length;
      result.replaceChildren(
        h('p', { class: 'notice', 'data-status': r.status, 'data-arrived': String(arrived), 'data-people': String(r.people.length) }, t('doorWelcome', { partner: r.partner.name, event: r.event.title }), ' ', t('doorPeopleIn', { arrived, total: r.people.length })),
      );
    } catch (err) {
      result.replaceChildren(refusal(err));
    }
    await refresh();
    busy = false;
    input.focus();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.trim();
    // A second Enter (or a scanner's) while the first code is on its way would only be told "used".
    if (!code || busy) return;
    busy = true;
    // Ready for the next person in the queue at once.
    input.value = '';
    result.replaceChildren();
    choice.replaceChildren();
    const registrations = await refresh();
    if (!registrations) {
      // Who of it comes in cannot be asked: the code waits in the box to be tried again.
      input.value = code;
      busy = false;
      return;
    }
    const found = waitingWith(registrations, code);
    if (!found) {
      await checkIn(code, null);
      return;
    }
    busy = false;
    const made = peopleChoice(
      found,
      (personIds) => checkIn(code, personIds),
      () => {
        choice.replaceChildren();
        input.focus();
      },
      'door',
    );
    choice.replaceChildren(made.form);
    made.submit.focus();
  });
  return { arrivals, form, choice, result };
}

/**
 * Renders `#/deur`, where the team checks partners in for one of today's events by the code on their
 * registration (`?evenement=` names the event chosen).
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageDoor(ctx, params) {
  setTitle(t('doorTitle'));
  const me = await accountFor(ctx, routeHref(['deur'], params));
  if (!me || !ctx.current()) return;
  if (!onTeam(me)) {
    setMain(pageTitle(t('doorTitle')), errorBox(new ApiError('FORBIDDEN'), null, false));
    return;
  }
  const events = await todaysEvents(new Date(), me);
  if (!ctx.current()) return;
  if (!events.length) {
    setMain(pageTitle(t('doorTitle')), h('p', { class: 'lead', testid: 'door-no-events' }, t('doorNoEvents')));
    return;
  }
  const chosen = events.find((ev) => ev.id === params.evenement) || null;
  if (!chosen) {
    setMain(pageTitle(t('doorTitle')), h('p', { class: 'lead' }, t('doorChooseFirst')), eventChoice(events, null));
    return;
  }
  const { arrivals, form, choice, result } = checkInFor(chosen);
  showArrivals(arrivals, await readRegistrations(chosen.id));
  if (!ctx.current()) return;
  setMain(pageTitle(t('doorTitle')), h('p', { class: 'lead' }, t('doorIntro')), eventChoice(events, chosen), arrivals, form, choice, result);
  formInput(form, 'code').focus();
  // Every check-in announces the event's seats: read the arrivals again when one happens anywhere.
  follow(queries.DOOR_SEATS_CHANGED, { id: chosen.id }, () =>
    readRegistrations(chosen.id)
      .then((registrations) => showArrivals(arrivals, registrations))
      .catch((err) => arrivals.replaceChildren(errorBox(err, null, false))),
  );
}
