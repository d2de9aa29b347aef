// @ts-check
// At the door: the team chooses one of today's events (of the coordinator's cities), then checks people
// in by the code on their registration: one person still to come checks in at once; several are shown to
// tick (those not yet in ticked already, those in as text), and only those ticked check in, by the list's
// own button: the code box keeps the focus for the next code (a scanner's), which closes the list. The
// door sees how many of the people with a seat have arrived, and an open list who of it is in, kept up to
// date as others check people in at another door.

import { accountFor, onTeam } from '../account.js';
import { ApiError, gql } from '../api.js';
import { h, routeHref, setMain, setTitle } from '../dom.js';
import { follow } from '../live.js';
import { t } from '../lang.js';
import { navigate } from '../router.js';
import * as queries from '../queries.js';
import { eventWhen, formatInstant, isToday } from '../time.js';
import { peopleChoice, waitingPeople, waitingWith } from '../ui/checkin.js';
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
 * What the door says when everyone of a registration came in at another door while its people were shown.
 * @param {string} partner
 */
function allInNow(partner) {
  return h('p', { class: 'notice notice-error', 'data-code': 'ALL_IN' }, t('doorAllInNow', { partner }));
}

/**
 * The check-in form for one event, with the arrivals. A code typed is looked up among the event's
 * registrations, read afresh: one with one person still to come checks them in at once; one with several
 * shows them to tick, while the focus stays in the code box (a scanner's next code, and its Enter, go
 * there and close the list: only the list's own button checks in those ticked). Any other code goes to
 * the API as typed, which says why it cannot check in (unknown, another event's, used up).
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
  /** A code submitted while the last one was on its way: it goes once that one is done. */
  let queued = false;
  /** The last code is done: a code submitted meanwhile (a scanner's Enter) goes now. */
  const ready = () => {
    busy = false;
    if (queued) {
      queued = false;
      form.requestSubmit();
    }
  };
  /** The list of people shown to tick, with the code it is for. @type {{ code: string, made: import('../ui/checkin.js').PeopleChoice, partner: string } | null} */
  let open = null;
  /** Puts the list away; the focus, if it was in the list, goes back to the code box. */
  const closeChoice = () => {
    const hadFocus = choice.contains(document.activeElement);
    choice.replaceChildren();
    open = null;
    if (hadFocus) input.focus();
  };
  // A new code typed (or scanned) in the box is for someone else: the list of the last one goes.
  input.addEventListener('input', () => {
    if (open && input.value.trim()) closeChoice();
  });
  /**
   * Shows the list open as the registrations were read again: those who came in meanwhile as in; when
   * nobody of it is left to come, the list goes with a word why.
   * @param {DoorRegistration[]} registrations
   * @param {{ code: string, made: import('../ui/checkin.js').PeopleChoice, partner: string }} shown
   */
  const followOpen = (registrations, shown) => {
    if (open !== shown) return;
    const fresh = waitingWith(registrations, shown.code);
    if (fresh) {
      shown.made.update(fresh);
      return;
    }
    closeChoice();
    result.replaceChildren(allInNow(shown.partner));
  };
  /** Reads the arrivals again (and answers the registrations read), the open list with them. */
  const refresh = async () => {
    const shown = open;
    try {
      const registrations = await readRegistrations(event.id);
      showArrivals(arrivals, registrations);
      if (shown) followOpen(registrations, shown);
      return registrations;
    } catch (err) {
      arrivals.replaceChildren(errorBox(err, null, false));
      return null;
    }
  };
  /**
   * Shows the people of `found` to tick; the focus stays where it is (the code box).
   * @param {string} code
   * @param {DoorRegistration} found
   * @param {string | null} message why the list is shown again
   */
  const offer = (code, found, message) => {
    const made = peopleChoice(found, (personIds) => checkIn(code, personIds), closeChoice, 'door');
    if (message) made.update(found, message);
    choice.replaceChildren(made.form);
    open = { code, made, partner: found.partner.name };
    if (!message) result.replaceChildren(h('p', { testid: 'door-choice-ready' }, t('doorChooseBelow', { partner: found.partner.name, n: waitingPeople(found).length })));
  };
  /**
   * Checks in the people chosen of the registration with `code` (everyone not yet in without
   * `personIds`: only for a code not found waiting, which the API then refuses with the reason).
   * @param {string} code
   * @param {string[] | null} personIds
   */
  const checkIn = async (code, personIds) => {
    busy = true;
    // The choice is done: the box is ready for the next code while this one is on its way.
    closeChoice();
    result.replaceChildren();
    input.focus();
    try {
      const { checkIn: answer } = await gql(queries.CHECK_IN, { eventId: event.id, code, personIds }, { signedIn: true });
      const r = answer.registration;
      const arrived = r.people.filter((/** @type {{ checkedInAt: string | null }} */ p) => p.checkedInAt).length;
      result.replaceChildren(
        h('p', { class: 'notice', 'data-status': r.status, 'data-arrived': String(arrived), 'data-people': String(r.people.length) }, t('doorWelcome', { partner: r.partner.name, event: r.event.title }), ' ', t('doorPeopleIn', { arrived, total: r.people.length })),
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT' && err.field === 'personIds') {
        // Someone ticked came in at another door meanwhile: the list again, as it is now.
        const registrations = await refresh();
        const found = registrations && waitingWith(registrations, code);
        const same = registrations && registrations.find((r) => r.code === code.toUpperCase());
        if (found) offer(code, found, t('doorChoiceChanged', { partner: found.partner.name }));
        else if (same) result.replaceChildren(allInNow(same.partner.name));
        else result.replaceChildren(refusal(err));
        ready();
        return;
      }
      result.replaceChildren(refusal(err));
    }
    await refresh();
    ready();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.trim();
    if (!code) return;
    // A new code submitted while the last is on its way (a scanner does not wait) goes once that is done.
    if (busy) {
      queued = true;
      return;
    }
    busy = true;
    // Ready for the next person in the queue at once.
    input.value = '';
    result.replaceChildren();
    closeChoice();
    const registrations = await refresh();
    if (!registrations) {
      // Who of it comes in cannot be asked: the code waits in the box to be tried again (unless another
      // was typed meanwhile).
      if (!input.value.trim()) input.value = code;
      ready();
      return;
    }
    const found = waitingWith(registrations, code);
    if (!found) {
      await checkIn(code, null);
      return;
    }
    const waiting = waitingPeople(found);
    if (waiting.length === 1) {
      // Nobody to choose between.
      await checkIn(code, [waiting[0].id]);
      return;
    }
    offer(code, found, null);
    ready();
  });
  return { arrivals, form, choice, result, refresh };
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
  const { arrivals, form, choice, result, refresh } = checkInFor(chosen);
  showArrivals(arrivals, await readRegistrations(chosen.id));
  if (!ctx.current()) return;
  setMain(pageTitle(t('doorTitle')), h('p', { class: 'lead' }, t('doorIntro')), eventChoice(events, chosen), arrivals, form, choice, result);
  formInput(form, 'code').focus();
  // Every check-in announces the event's seats: read the arrivals (and an open list) again when one
  // happens anywhere.
  follow(queries.DOOR_SEATS_CHANGED, { id: chosen.id }, () => refresh());
}
