// @ts-check
// An event's registrations for the team (`#/team/events/<slug>/inschrijvingen`): grouped by where they
// stand (confirmed, the waitlist in its order, cancelled, attended, no-show) with each partner's
// stakeholder type and the people it brings; checking in from the list or by a code, the registration read
// afresh first (one person still to come checks in at once; of several, who comes in is ticked,
// `ui/checkin.js`); marking the no-shows once the event is over; the attendance per stakeholder type; and
// the attendee list as a CSV file. A check-in at the door reads the list again in place, the focus
// staying on the control that held it (`dom.js::replaceKeepingFocus`), a list of people open to tick
// staying open, as it is now.

import { ApiError, download, gql } from '../../api.js';
import { h, main, replaceKeepingFocus, setMain, setTitle } from '../../dom.js';
import { enumValues, label, t } from '../../lang.js';
import { follow } from '../../live.js';
import * as eventsQueries from '../../queries/events.js';
import { eventWhen, formatInstant, parseDate } from '../../time.js';
import { peopleChoice, waitingPeople, waitingWith } from '../../ui/checkin.js';
import { chip } from '../../ui/chips.js';
import { formInput, inputField } from '../../ui/forms.js';
import { errorBox, pageTitle, section } from '../../ui/frame.js';
import { EVENTS_ROUTE, eventCrumbs, eventStatusChip, notYours, resultNotice, seatsText } from './event-parts.js';

/** The requests of this page send the session's token. */
const SIGNED_IN = { signedIn: true };

/** The groups of registrations, in the order shown. */
const GROUPS = ['CONFIRMED', 'WAITLISTED', 'CANCELLED', 'ATTENDED', 'NO_SHOW'];

/** The statuses of a registration that held a seat. */
const SEATED = ['CONFIRMED', 'ATTENDED', 'NO_SHOW'];

/**
 * @typedef {object} TeamRegistration a registration as this page shows it
 * @property {string} id
 * @property {string} status
 * @property {string | null} code
 * @property {number | null} waitlistPosition
 * @property {string | null} checkedInAt
 * @property {string} createdAt
 * @property {number} peopleCount
 * @property {{ id: string, name: string, checkedInAt: string | null }[]} people
 * @property {{ id: string, name: string, stakeholderType: string }} partner
 */

/**
 * What the page says when a check-in is refused: the event another event's code is for, else a text per
 * error code (the door's own texts).
 * @param {unknown} err
 */
function refusal(err) {
  if (err instanceof ApiError && err.code === 'WRONG_EVENT' && err.extensions.event) {
    const other = err.extensions.event;
    return h('p', { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-code': err.code }, t('doorWrongEvent', { event: other.title, when: formatInstant(other.startsAt) }));
  }
  const key = err instanceof ApiError ? { NOT_FOUND: 'doorUnknown', CONFLICT: 'doorConflict', FORBIDDEN: 'doorForbidden' }[err.code] : null;
  if (key && err instanceof ApiError) return h('p', { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-code': err.code }, t(/** @type {'doorUnknown'} */ (key)));
  const box = errorBox(/** @type {any} */ (err), null, false);
  box.setAttribute('tabindex', '-1');
  return box;
}

/**
 * Where a check-in shows what became of it: the element to show it in, looked up when needed (a row's
 * own place is made anew when the list is read again), and the control the focus goes back to when a
 * list of people is put away.
 * @typedef {{ slot: () => HTMLElement | null, back: () => HTMLElement | null }} Place
 */

/**
 * A list of people open to tick, kept up to date as the registrations are read again.
 * @typedef {{ code: string, place: Place, made: import('../../ui/checkin.js').PeopleChoice }} OpenChoice
 */

/**
 * What the renderings of the page share while it is shown (the subscription started by the first one
 * reads the list again for all of them).
 * @typedef {object} Shared
 * @property {number} asked the last reading of the list asked for: an older answer does not replace it
 * @property {number} made the lists of people made, for their ids
 * @property {Set<OpenChoice>} open the lists of people shown now
 * @property {Set<string>} arriving the codes being read or checked in now (a second click waits for them)
 */

/**
 * The element of `root` whose `attribute` is `value` (compared as text: an id need not be a valid CSS
 * identifier).
 * @param {ParentNode} root
 * @param {string} attribute
 * @param {string} value
 * @returns {HTMLElement | null}
 */
function withAttribute(root, attribute, value) {
  const found = [...root.querySelectorAll(`[${attribute}]`)].find((el) => el.getAttribute(attribute) === value);
  return found instanceof HTMLElement ? found : null;
}

/**
 * What the page says when everyone of a registration came in elsewhere while its people were shown.
 * @param {string} partner
 */
function allInNow(partner) {
  return h('p', { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-code': 'ALL_IN' }, t('doorAllInNow', { partner }));
}

/**
 * Shows `node` in `slot` and gives it the focus.
 * @param {HTMLElement} slot
 * @param {HTMLElement} node
 */
function showIn(slot, node) {
  slot.replaceChildren(node);
  node.focus();
}

/**
 * The attendance per stakeholder type: of those who had a seat, how many came and how many did not.
 * @param {TeamRegistration[]} registrations
 * @param {{ stakeholderType: string, attended: number, noShow: number }[]} attendance
 */
function attendanceTable(registrations, attendance) {
  const seated = registrations.filter((r) => SEATED.includes(r.status));
  const types = enumValues('StakeholderType').filter((type) => seated.some((r) => r.partner.stakeholderType === type));
  if (!types.length) return h('p', { class: 'muted', testid: 'attendance-empty' }, t('evAttNone'));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'team-table attendance-table', testid: 'attendance-table' },
      h('thead', null, h('tr', null, [t('evAttType'), t('evAttSeated'), t('evAttAttended'), t('evAttNoShow')].map((text) => h('th', { scope: 'col' }, text)))),
      h(
        'tbody',
        null,
        types.map((type) => {
          const counts = attendance.find((a) => a.stakeholderType === type) || { attended: 0, noShow: 0 };
          // Seats are counted in people, as the attendance is.
          const registered = seated.filter((r) => r.partner.stakeholderType === type).reduce((sum, r) => sum + r.peopleCount, 0);
          return h(
            'tr',
            { testid: 'attendance-row', 'data-type': type, 'data-registered': String(registered), 'data-attended': String(counts.attended), 'data-no-show': String(counts.noShow) },
            h('th', { scope: 'row' }, label('StakeholderType', type)),
            h('td', null, String(registered)),
            h('td', null, String(counts.attended)),
            h('td', null, String(counts.noShow)),
          );
        }),
      ),
    ),
  );
}

/**
 * One registration: the partner, its stakeholder type, its code and times, and (for a confirmed one) a
 * button to check it in.
 * @param {TeamRegistration} r
 * @param {((code: string, place: Place) => Promise<void>) | null} arrive null when nobody checks in (a cancelled event)
 */
function registrationItem(r, arrive) {
  // Its place for a list of people or a refusal, found again by the registration's id once the list is read again.
  const slot = h('div', { class: 'row-result', 'data-row-slot': r.id });
  /** @type {Place} */
  const place = {
    slot: () => withAttribute(main(), 'data-row-slot', r.id),
    back: () => withAttribute(main(), 'data-focus-key', `checkin:${r.id}`) || withAttribute(main(), 'data-focus-key', `registration:${r.id}`),
  };
  const button =
    arrive && r.status === 'CONFIRMED' && r.code
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small',
            testid: 'checkin-row',
            'data-focus-key': `checkin:${r.id}`,
            'aria-label': t('evCheckInFor', { partner: r.partner.name }),
            // A second click while the registration is read and checked in does nothing (`arrive`).
            onclick: () => arrive(/** @type {string} */ (r.code), place),
          },
          t('evCheckIn'),
        )
      : null;
  const times = [r.code ? t('evCode', { code: r.code }) : null, t('evRegisteredAt', { when: formatInstant(r.createdAt) }), r.checkedInAt ? t('evCheckedInAt', { when: formatInstant(r.checkedInAt) }) : null].filter(Boolean).join(' · ');
  return h(
    'li',
    // The row keeps the focus when its own button goes (read again after a check-in at the door).
    { class: 'ev-item registration-item', testid: 'registration-row', 'data-focus-key': `registration:${r.id}`, tabindex: '-1', 'data-status': r.status, 'data-code': r.code || '', 'data-type': r.partner.stakeholderType },
    h(
      'p',
      { class: 'ev-item-title' },
      r.waitlistPosition ? h('span', { class: 'waitlist-place', testid: 'waitlist-place' }, t('evWaitPlace', { n: r.waitlistPosition }), ' ') : null,
      h('span', { testid: 'registration-partner' }, r.partner.name),
    ),
    h('p', { class: 'chips' }, chip(label('StakeholderType', r.partner.stakeholderType), 'type', 'registration-type')),
    h('p', { class: 'muted small' }, times),
    h(
      'ul',
      { class: 'registration-people', testid: 'registration-people', 'aria-label': t('evPeopleCount', { n: r.peopleCount }) },
      r.people.map((person) =>
        h('li', { testid: 'registration-person', 'data-checked-in': person.checkedInAt ? 'true' : 'false' }, person.checkedInAt ? t('evPersonIn', { name: person.name, when: formatInstant(person.checkedInAt) }) : person.name),
      ),
    ),
    button ? h('p', { class: 'buttons' }, button) : null,
    slot,
  );
}

/**
 * The registrations of one status, as a section (the waitlist in its order, the others by name).
 * @param {string} status
 * @param {TeamRegistration[]} registrations
 * @param {((code: string, place: Place) => Promise<void>) | null} arrive
 */
function group(status, registrations, arrive) {
  const these = registrations.filter((r) => r.status === status);
  these.sort((a, b) => (status === 'WAITLISTED' ? (a.waitlistPosition || 0) - (b.waitlistPosition || 0) : a.partner.name.localeCompare(b.partner.name)));
  const heading = `${label('RegistrationStatus', status)} (${these.length})`;
  return section(
    heading,
    `registrations-${status}`,
    these.length ? h('ul', { class: 'ev-list' }, these.map((r) => registrationItem(r, arrive))) : h('p', { class: 'muted' }, t('evRegsNone')),
  );
}

/**
 * Marking the no-shows, once the event is over; it asks once more, since it cannot be undone.
 * @param {any} event
 * @param {(text: string) => void} done
 */
function noShowsControl(event, done) {
  if ((parseDate(event.endsAt)?.getTime() ?? Infinity) > Date.now()) return h('p', { class: 'muted', testid: 'no-shows-later' }, t('evNoShowsLater'));
  const slot = h('div');
  const button = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'mark-no-shows' }, t('evNoShows'));
  const confirm = h('button', { type: 'button', class: 'btn', testid: 'no-shows-confirm' }, t('evNoShowsConfirm'));
  const keep = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'no-shows-keep' }, t('evNoShowsKeep'));
  const question = h('div', { class: 'confirm', role: 'group', 'aria-label': t('evNoShows'), testid: 'no-shows-question' }, h('p', null, t('evNoShowsQuestion')), h('p', { class: 'buttons' }, confirm, ' ', keep));
  button.addEventListener('click', () => {
    button.replaceWith(question);
    keep.focus();
  });
  keep.addEventListener('click', () => {
    question.replaceWith(button);
    button.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = keep.disabled = true;
    try {
      const { markNoShows } = await gql(eventsQueries.TEAM_MARK_NO_SHOWS, { eventId: event.id }, SIGNED_IN);
      done(t('evNoShowsDone', { n: markNoShows.marked }));
    } catch (err) {
      confirm.disabled = keep.disabled = false;
      showIn(slot, refusal(err));
    }
  });
  return h('div', null, button, slot);
}

/**
 * The download of the attendee list, saying what happened.
 * @param {any} event
 */
function csvControl(event) {
  const slot = h('div', { testid: 'csv-result' });
  const button = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'download-csv' }, t('evCsv'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const name = await download(`/events/${encodeURIComponent(event.id)}/attendees.csv`, `attendees-${event.slug}.csv`);
      showIn(slot, resultNotice(t('evCsvDone', { file: name }), 'csv-notice'));
    } catch (err) {
      const box = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', testid: 'csv-error' }, h('p', null, t('evCsvRefused')), errorBox(/** @type {any} */ (err), null, false));
      showIn(slot, box);
    } finally {
      button.disabled = false;
    }
  });
  return h('div', null, h('p', null, button), slot);
}

/**
 * Checking in by a code typed (or scanned): the registration is read afresh; one person still to come
 * checks in at once, several are shown to tick first; any other code goes to the API as typed, which says
 * why it cannot check in.
 * @param {(code: string, place: Place) => Promise<void>} arrive
 */
function codeForm(arrive) {
  const slot = h('div');
  const form = h(
    'form',
    { class: 'inline-form', testid: 'team-checkin-form' },
    inputField('team-checkin', 'code', t('evCodeLabel'), { maxlength: 16, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', class: 'code-input' }),
    h('p', null, h('button', { type: 'submit', class: 'btn', testid: 'team-checkin-submit' }, t('evCheckIn'))),
  );
  const input = formInput(form, 'code');
  /** @type {Place} */
  const place = { slot: () => (slot.isConnected ? slot : null), back: () => input };
  let busy = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.trim();
    // A second Enter while the code is on its way sends nothing more.
    if (!code || busy) return;
    busy = true;
    try {
      await arrive(code, place);
    } finally {
      busy = false;
    }
  });
  return h('div', null, form, slot);
}

/**
 * The seat counts pushed while the page is shown (`eventSeatsChanged`): the line of counts follows them,
 * and when they no longer match the list shown, a button offers to read the list again. A check-in made
 * elsewhere (at the door) leaves the seats as they were: when the arrivals differ from those the list
 * shows, the list is read again in place (the rest of the page, a code being typed, stays).
 * @param {string} eventId
 * @param {() => void} reread
 * @param {() => void} rereadList
 */
function followSeats(eventId, reread, rereadList) {
  follow(eventsQueries.TEAM_EVENT_SEATS, { eventId }, (data) => {
    const seats = data.eventSeatsChanged;
    /** @type {HTMLElement | null} */
    const line = main().querySelector('[data-testid="registrations-seats"]');
    if (!line || !seats) return;
    /** @type {HTMLElement | null} */
    const list = main().querySelector('[data-testid="registrations-list"]');
    if (list && String(seats.arrived) !== list.dataset.arrived) rereadList();
    const text = /** @type {HTMLElement} */ (line.querySelector('.seats-text'));
    text.textContent = seatsText({ ...seats, capacity: line.dataset.capacity === '' ? null : Number(line.dataset.capacity) });
    const changed = String(seats.seatsTaken) !== line.dataset.listTaken || String(seats.waitlistLength) !== line.dataset.listWaitlist;
    line.dataset.taken = String(seats.seatsTaken);
    line.dataset.waitlist = String(seats.waitlistLength);
    const button = line.querySelector('button');
    if (changed && !button) line.append(' ', h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'registrations-reread', onclick: reread }, t('evRegsReread')));
    else if (!changed && button) button.remove();
  });
}

/**
 * Renders an event's registrations for the account that manages it; `notice` says what the last action did.
 * The first rendering follows the seat counts for as long as the page is shown; the page's own renderings
 * after an action get what it shares with them (`shared`) and keep that subscription.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {import('../../account.js').Account} me
 * @param {string} slug
 * @param {{ text: string, testid: string } | null} [notice]
 * @param {Shared | null} [shared]
 */
export async function pageRegistrations(ctx, me, slug, notice = null, shared = null) {
  const following = shared !== null;
  /** @type {Shared} */
  const common = shared || { asked: 0, made: 0, open: new Set(), arriving: new Set() };
  const { event } = await gql(eventsQueries.TEAM_EVENT_REGISTRATIONS, { slug }, SIGNED_IN);
  if (!ctx.current()) return;
  setTitle(`${t('evRegsTitle')}: ${event.title}`);
  const crumbs = eventCrumbs([[event.title, [...EVENTS_ROUTE, event.slug]], [t('evRegsTitle')]]);
  if (!event.viewerCanUpdate) {
    setMain(crumbs, pageTitle(t('evRegsTitle'), event.title), notYours(event.title));
    return;
  }
  const again = async (/** @type {string} */ text, /** @type {string} */ testid) => {
    if (ctx.current()) await pageRegistrations(ctx, me, slug, { text, testid }, common);
  };
  /**
   * Shows the people of `found` to tick at `place` (with `message`, why it is shown again), the focus on
   * the button that checks them in.
   * @param {string} code
   * @param {Place} place
   * @param {TeamRegistration} found
   * @param {string | null} message
   */
  const offer = (code, place, found, message) => {
    const slot = place.slot();
    if (!slot) return;
    /** @type {OpenChoice} */
    const open = {
      code,
      place,
      made: peopleChoice(
        found,
        (personIds) => checkIn(code, place, personIds),
        () => {
          common.open.delete(open);
          place.slot()?.replaceChildren();
          place.back()?.focus();
        },
        `choice-${++common.made}`,
      ),
    };
    if (message) open.made.update(found, message);
    slot.replaceChildren(open.made.form);
    common.open.add(open);
    open.made.submit.focus();
  };
  /**
   * Checks in the people of `personIds` of the registration with `code` (null only for a code not found
   * waiting: the API then says why it cannot check in).
   * @param {string} code
   * @param {Place} place
   * @param {string[] | null} personIds
   */
  const checkIn = async (code, place, personIds) => {
    try {
      const answer = await gql(eventsQueries.TEAM_CHECK_IN, { eventId: event.id, code, personIds }, SIGNED_IN);
      await again(t('evCheckedIn', { partner: answer.checkIn.registration.partner.name }), 'checkin-notice');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT' && err.field === 'personIds') {
        // Someone ticked came in elsewhere meanwhile: the list again, as it is now.
        const now = await readList().catch(() => null);
        const found = now && waitingWith(/** @type {TeamRegistration[]} */ (now.registrations), code);
        const same = now && /** @type {TeamRegistration[]} */ (now.registrations).find((r) => r.code === code.toUpperCase());
        if (found) {
          offer(code, place, found, t('doorChoiceChanged', { partner: found.partner.name }));
          return;
        }
        const slot = place.slot();
        if (slot) showIn(slot, same ? allInNow(same.partner.name) : refusal(err));
        return;
      }
      const slot = place.slot();
      if (slot) showIn(slot, refusal(err));
    }
  };
  /**
   * Checks in by `code`, the registration read afresh (the list shown may be behind: a registration moved
   * up from the waitlist, people checked in at the door): one person still to come checks in at once,
   * several are shown to tick; any other code goes to the API, which says why not.
   * @param {string} code
   * @param {Place} place
   */
  const arrive = async (code, place) => {
    const key = code.toUpperCase();
    if (common.arriving.has(key)) return;
    common.arriving.add(key);
    try {
      await arriveNow(code, place);
    } finally {
      common.arriving.delete(key);
    }
  };
  /** `arrive`, once it is sure no other check-in of the code is under way. @param {string} code @param {Place} place */
  const arriveNow = async (code, place) => {
    for (const open of [...common.open]) if (open.place.slot() === place.slot()) common.open.delete(open);
    place.slot()?.replaceChildren();
    let now;
    try {
      now = await readList();
    } catch (err) {
      const slot = place.slot();
      if (slot) showIn(slot, refusal(err));
      return;
    }
    if (!now) return;
    const found = waitingWith(/** @type {TeamRegistration[]} */ (now.registrations), code);
    if (!found) return checkIn(code, place, null);
    const waiting = waitingPeople(found);
    if (waiting.length === 1) return checkIn(code, place, [waiting[0].id]);
    offer(code, place, found, null);
  };
  // Nobody checks in at an event that was called off.
  const cancelled = event.status === 'CANCELLED';
  /**
   * The registrations by status and the attendance per type, as read in `ev`; `data-arrived` says how
   * many people have checked in (as `eventSeatsChanged` counts them).
   * @param {any} ev
   */
  const listOf = (ev) => {
    /** @type {TeamRegistration[]} */
    const registrations = ev.registrations;
    const arrived = registrations.reduce((sum, r) => sum + r.people.filter((p) => p.checkedInAt).length, 0);
    return h(
      'div',
      { class: 'registration-groups', testid: 'registrations-list', 'data-arrived': String(arrived) },
      GROUPS.map((status) => group(status, registrations, cancelled ? null : arrive)),
      section(t('evAttTitle'), 'registrations-attendance', attendanceTable(registrations, ev.attendance)),
    );
  };
  /**
   * Puts the registrations of `now` in place of those shown, the focus on the same control; what the rows
   * showed of a check-in (a list of people open to tick) goes to the same rows, the lists as read now.
   * @param {any} now
   */
  const putInPlace = (now) => {
    /** @type {HTMLElement | null} */
    const shownList = main().querySelector('[data-testid="registrations-list"]');
    if (!shownList) return;
    const focused = document.activeElement;
    const next = listOf(now);
    const kept = [...shownList.querySelectorAll('[data-row-slot]')].filter((slot) => slot.firstChild);
    replaceKeepingFocus(shownList, next);
    for (const slot of kept) withAttribute(next, 'data-row-slot', /** @type {string} */ (slot.getAttribute('data-row-slot')))?.replaceChildren(...slot.childNodes);
    // The focus was in what moved along (a box of a list of people): it stays there.
    if (focused instanceof HTMLElement && focused !== document.activeElement && next.contains(focused)) focused.focus();
    for (const open of [...common.open]) {
      const slot = open.place.slot();
      if (!slot || !slot.contains(open.made.form)) {
        common.open.delete(open);
        continue;
      }
      const fresh = waitingWith(/** @type {TeamRegistration[]} */ (now.registrations), open.code);
      if (fresh) {
        open.made.update(fresh);
        continue;
      }
      common.open.delete(open);
      const had = slot.contains(document.activeElement);
      const partner = /** @type {TeamRegistration[]} */ (now.registrations).find((r) => r.code === open.code.toUpperCase())?.partner.name || '';
      slot.replaceChildren(allInNow(partner));
      if (had) /** @type {HTMLElement} */ (slot.firstElementChild).focus();
    }
    // The list is as read now: the counts line offers no other reading when it agrees.
    /** @type {HTMLElement | null} */
    const line = main().querySelector('[data-testid="registrations-seats"]');
    if (!line) return;
    line.dataset.listTaken = String(now.seatsTaken);
    line.dataset.listWaitlist = String(now.waitlistLength);
    if (line.dataset.taken === line.dataset.listTaken && line.dataset.waitlist === line.dataset.listWaitlist) line.querySelector('button')?.remove();
  };
  /**
   * Reads the registrations again and puts them in place of those shown (unless a later reading was asked
   * for meanwhile); answers the event as read, or null once the page is left.
   */
  const readList = async () => {
    const mine = ++common.asked;
    const { event: now } = await gql(eventsQueries.TEAM_EVENT_REGISTRATIONS, { slug }, SIGNED_IN);
    if (!ctx.current() || !now) return null;
    if (mine === common.asked) putInPlace(now);
    return now;
  };
  /** Reads the list again after a check-in elsewhere; when that fails, the list shown stays (the button that reads the page again still works). */
  const rereadList = () => {
    readList().catch(() => {});
  };
  const shown = notice ? resultNotice(notice.text, notice.testid) : null;
  // What the last rendering showed is gone with it.
  common.open.clear();
  setMain(
    crumbs,
    pageTitle(event.title, t('evRegsTitle')),
    h('p', { class: 'lead' }, eventWhen(event, false), ' ', eventStatusChip(event.status)),
    h(
      'p',
      {
        testid: 'registrations-seats',
        'data-capacity': event.capacity === null ? '' : String(event.capacity),
        'data-taken': String(event.seatsTaken),
        'data-waitlist': String(event.waitlistLength),
        'data-list-taken': String(event.seatsTaken),
        'data-list-waitlist': String(event.waitlistLength),
      },
      h('span', { class: 'seats-text' }, seatsText(event)),
    ),
    shown,
    section(t('evRegsActions'), 'registrations-actions', csvControl(event), cancelled ? null : codeForm(arrive), cancelled ? null : noShowsControl(event, (text) => again(text, 'no-shows-notice'))),
    listOf(event),
  );
  if (shown) shown.focus();
  if (!following) followSeats(event.id, () => again(t('evRegsRereadDone'), 'reread-notice'), rereadList);
}
