// @ts-check
// An event's registrations for the team (`#/team/events/<slug>/inschrijvingen`): grouped by where they
// stand (confirmed, the waitlist in its order, cancelled, attended, no-show) with each partner's
// stakeholder type and the people it brings; checking in from the list (everyone of it) or by a code (who
// of its people comes in ticked, `ui/checkin.js`); marking the no-shows once the event is over;
// the attendance per stakeholder type; and the attendee list as a CSV file. A check-in at the door reads
// the list again in place, the focus staying on the control that held it (`dom.js::replaceKeepingFocus`).

import { ApiError, download, gql } from '../../api.js';
import { h, main, replaceKeepingFocus, setMain, setTitle } from '../../dom.js';
import { enumValues, label, t } from '../../lang.js';
import { follow } from '../../live.js';
import * as eventsQueries from '../../queries/events.js';
import { eventWhen, formatInstant, parseDate } from '../../time.js';
import { peopleChoice, waitingWith } from '../../ui/checkin.js';
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
 * @param {((code: string, slot: HTMLElement) => void) | null} checkIn null when nobody checks in (a cancelled event)
 */
function registrationItem(r, checkIn) {
  const slot = h('div', { class: 'row-result' });
  const button =
    checkIn && r.status === 'CONFIRMED' && r.code
      ? h(
          'button',
          { type: 'button', class: 'btn btn-small', testid: 'checkin-row', 'data-focus-key': `checkin:${r.id}`, 'aria-label': t('evCheckInFor', { partner: r.partner.name }), onclick: () => checkIn(/** @type {string} */ (r.code), slot) },
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
 * @param {((code: string, slot: HTMLElement) => void) | null} checkIn
 */
function group(status, registrations, checkIn) {
  const these = registrations.filter((r) => r.status === status);
  these.sort((a, b) => (status === 'WAITLISTED' ? (a.waitlistPosition || 0) - (b.waitlistPosition || 0) : a.partner.name.localeCompare(b.partner.name)));
  const heading = `${label('RegistrationStatus', status)} (${these.length})`;
  return section(
    heading,
    `registrations-${status}`,
    these.length ? h('ul', { class: 'ev-list' }, these.map((r) => registrationItem(r, checkIn))) : h('p', { class: 'muted' }, t('evRegsNone')),
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
 * Checking in by a code typed (or scanned): a registration of the list shown with people still to come
 * shows them to tick first; any other code goes to the API as typed, which says why it cannot check in.
 * @param {(code: string, slot: HTMLElement, personIds?: string[]) => void} checkIn
 * @param {() => TeamRegistration[]} shown the registrations the page shows now
 */
function codeForm(checkIn, shown) {
  const slot = h('div');
  const form = h(
    'form',
    { class: 'inline-form', testid: 'team-checkin-form' },
    inputField('team-checkin', 'code', t('evCodeLabel'), { maxlength: 16, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', class: 'code-input' }),
    h('p', null, h('button', { type: 'submit', class: 'btn', testid: 'team-checkin-submit' }, t('evCheckIn'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = formInput(form, 'code');
    const code = input.value.trim();
    if (!code) return;
    const found = waitingWith(shown(), code);
    if (!found) {
      checkIn(code, slot);
      return;
    }
    const made = peopleChoice(
      found,
      (personIds) => checkIn(code, slot, personIds),
      () => {
        slot.replaceChildren();
        input.focus();
      },
      'team-checkin',
    );
    slot.replaceChildren(made.form);
    made.submit.focus();
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
 * after an action (`following`) keep that subscription.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {import('../../account.js').Account} me
 * @param {string} slug
 * @param {{ text: string, testid: string } | null} [notice]
 * @param {boolean} [following]
 */
export async function pageRegistrations(ctx, me, slug, notice = null, following = false) {
  const { event } = await gql(eventsQueries.TEAM_EVENT_REGISTRATIONS, { slug }, SIGNED_IN);
  if (!ctx.current()) return;
  setTitle(`${t('evRegsTitle')}: ${event.title}`);
  const crumbs = eventCrumbs([[event.title, [...EVENTS_ROUTE, event.slug]], [t('evRegsTitle')]]);
  if (!event.viewerCanUpdate) {
    setMain(crumbs, pageTitle(t('evRegsTitle'), event.title), notYours(event.title));
    return;
  }
  const again = (/** @type {string} */ text, /** @type {string} */ testid) => {
    if (ctx.current()) pageRegistrations(ctx, me, slug, { text, testid }, true);
  };
  /** Checks in the people of `personIds` of the registration with `code` (everyone not yet in without them). */
  const checkIn = async (/** @type {string} */ code, /** @type {HTMLElement} */ slot, /** @type {string[] | undefined} */ personIds = undefined) => {
    try {
      const answer = await gql(eventsQueries.TEAM_CHECK_IN, { eventId: event.id, code, personIds: personIds ?? null }, SIGNED_IN);
      again(t('evCheckedIn', { partner: answer.checkIn.registration.partner.name }), 'checkin-notice');
    } catch (err) {
      showIn(slot, refusal(err));
    }
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
      GROUPS.map((status) => group(status, registrations, cancelled ? null : checkIn)),
      section(t('evAttTitle'), 'registrations-attendance', attendanceTable(registrations, ev.attendance)),
    );
  };
  /** The registrations as the list shows them now. @type {TeamRegistration[]} */
  let current = event.registrations;
  let asked = 0;
  /** Reads the registrations again and puts them in place of those shown, the focus on the same control. */
  const rereadList = async () => {
    const mine = ++asked;
    try {
      const { event: now } = await gql(eventsQueries.TEAM_EVENT_REGISTRATIONS, { slug }, SIGNED_IN);
      /** @type {HTMLElement | null} */
      const shownList = main().querySelector('[data-testid="registrations-list"]');
      if (!ctx.current() || mine !== asked || !now || !shownList) return;
      replaceKeepingFocus(shownList, listOf(now));
      current = now.registrations;
      // The list is as read now: the counts line offers no other reading when it agrees.
      /** @type {HTMLElement | null} */
      const line = main().querySelector('[data-testid="registrations-seats"]');
      if (!line) return;
      line.dataset.listTaken = String(now.seatsTaken);
      line.dataset.listWaitlist = String(now.waitlistLength);
      if (line.dataset.taken === line.dataset.listTaken && line.dataset.waitlist === line.dataset.listWaitlist) line.querySelector('button')?.remove();
    } catch (_) {
      // The list shown stays; the button that reads the page again still works.
    }
  };
  const shown = notice ? resultNotice(notice.text, notice.testid) : null;
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
    section(t('evRegsActions'), 'registrations-actions', csvControl(event), cancelled ? null : codeForm(checkIn, () => current), cancelled ? null : noShowsControl(event, (text) => again(text, 'no-shows-notice'))),
    listOf(event),
  );
  if (shown) shown.focus();
  if (!following) followSeats(event.id, () => again(t('evRegsRereadDone'), 'reread-notice'), rereadList);
}
