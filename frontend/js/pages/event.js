// @ts-check
// An event's page: when and where, its seats, and signing up for it (a signed-in partner's registration).

import { currentAccount, onTeam } from '../account.js';
import { ApiError, gql } from '../api.js';
import { externalLink, h, renderedMarkdown, routeHref, routeLink, safeUrl, setMain, setTitle, timeEl } from '../dom.js';
import { count, formatNumber, label, t } from '../lang.js';
import { follow } from '../live.js';
import * as queries from '../queries.js';
import * as eventsQueries from '../queries/events.js';
import { rerender } from '../router.js';
import { TIME_ZONE, eventWhen, formatInstant, parseDate } from '../time.js';
import { calendarLink, eventIcsHref } from '../ui/calendar.js';
import { cityChips } from '../ui/chips.js';
import { formError, inputField, replaceFocused } from '../ui/forms.js';
import { ownCalendarButton, qrCode } from '../ui/registration.js';
import { breadcrumbs, definitionList, errorBox, pageTitle, renderNotFound, section } from '../ui/frame.js';

/**
 * Renders `#/events/<slug>`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string} slug
 */
export async function pageEvent(ctx, slug) {
  const data = await gql(queries.EVENT, { slug });
  if (!ctx.current()) return;
  const ev = data.event;
  if (!ev) return renderNotFound();
  setTitle(ev.title);
  const tz = ev.timeZone || TIME_ZONE;

  const whereParts = [];
  if (ev.venue) whereParts.push(h('span', { class: 'block', testid: 'event-venue' }, ev.venue));
  if (ev.address) whereParts.push(h('span', { class: 'block', testid: 'event-address' }, ev.address));
  if (ev.onlineUrl) {
    whereParts.push(
      h('span', { class: 'block' }, safeUrl(ev.onlineUrl) ? externalLink(ev.onlineUrl, t('onlineLink'), 'event-online-url') : t('onlineNoLink')),
    );
  }

  const regLines = [];
  if (ev.status === 'PUBLISHED') {
    const now = Date.now();
    const opens = ev.registrationOpensAt ? parseDate(ev.registrationOpensAt) : null;
    if (opens && opens.getTime() > now) regLines.push(t('regOpens', { d: formatInstant(ev.registrationOpensAt) }));
    if (ev.registrationClosesAt) regLines.push(t('regCloses', { d: formatInstant(ev.registrationClosesAt) }));
    else regLines.push(t('regUntilStart'));
    regLines.push(t('regPartners'));
  }

  let capacity;
  if (ev.capacity === null || ev.capacity === undefined) capacity = t('noLimit');
  else capacity = ev.capacity === 1 ? t('seats1') : t('seats', { n: formatNumber(ev.capacity) });

  // Free seats only matter while one can still sign up: scheduled and not yet started.
  const start = parseDate(ev.startsAtLocal);
  let seats = null;
  if (ev.status === 'PUBLISHED' && (!start || start.getTime() > Date.now())) {
    seats = h('span', { testid: 'event-seats' });
    showSeats(seats, ev);
    // The counts follow every sign-up and cancellation while the page is shown.
    const shown = seats;
    follow(queries.EVENT_SEATS_CHANGED, { id: ev.id }, (data) => showSeats(shown, data.eventSeatsChanged));
  }

  const registration = await registrationBox(ev);
  if (!ctx.current()) return;
  // The team's links go under the title, whatever the event's status.
  const teamLinks = registration && registration.dataset.testid === 'event-team-links' ? registration : null;
  setMain(
    breadcrumbs([[t('navHome'), []], [t('eventsTitle'), ['events']], [ev.title]]),
    pageTitle(ev.title, label('EventFormat', ev.format)),
    teamLinks,
    ev.status === 'CANCELLED' ? h('div', { class: 'notice notice-warn', role: 'note', testid: 'event-cancelled' }, h('p', null, t('cancelledNote'))) : null,
    h(
      'div',
      { class: 'detail-grid' },
      h(
        'div',
        { class: 'detail-main' },
        // Signing up comes before the long text, where a phone shows it without scrolling.
        regLines.length ? section(t('registration'), 'event-registration', regLines.map((line) => h('p', null, line)), teamLinks ? null : registration) : null,
        renderedMarkdown(ev.descriptionHtml, 'event-description'),
      ),
      h(
        'aside',
        { class: 'detail-side panel', testid: 'event-facts' },
        definitionList([
          [t('when'), [h('span', { class: 'block', testid: 'event-when' }, timeEl(ev.startsAtLocal, eventWhen(ev, false))), h('span', { class: 'block muted small' }, t('timeZoneNote', { tz: tz.replace('_', ' ') }))]],
          [t('where'), whereParts.length ? whereParts : null],
          [t('capacity'), h('span', { testid: 'event-capacity' }, capacity)],
          [t('seatsNow'), seats],
          [t('format'), label('EventFormat', ev.format)],
          [t('cities'), h('span', { class: 'chips' }, cityChips(ev.cities))],
          [t('audience'), ev.audience && ev.audience.length ? ev.audience.map((a) => label('StakeholderType', a)).join(', ') : t('everyone')],
          [t('pilotCase'), ev.pilotCase ? routeLink(['cases', ev.pilotCase.slug], ev.pilotCase.title) : null],
          [t('valueDomain'), ev.valueDomain ? routeLink(['domeinen', ev.valueDomain.slug], ev.valueDomain.name) : null],
          [t('status'), ev.status !== 'PUBLISHED' ? label('EventStatus', ev.status) : null],
        ]),
        calendarLink(eventIcsHref(ev.slug), t('icsEvent'), 'event-ics'),
      ),
    ),
  );
}

/**
 * Shows an event's free seats (or that it is full, and how many wait) in `el`.
 * @param {HTMLElement} el
 * @param {{ seatsLeft: number | null, waitlistLength: number }} counts
 */
function showSeats(el, counts) {
  let text;
  if (counts.seatsLeft === null || counts.seatsLeft === undefined) text = t('noLimit');
  else if (counts.seatsLeft > 0) text = count('seatsLeft', counts.seatsLeft);
  else text = counts.waitlistLength > 0 ? t('seatsFullWaitlist', { n: formatNumber(counts.waitlistLength) }) : t('seatsFull');
  el.className = 'seats' + (counts.seatsLeft === 0 ? ' seats-full' : '');
  el.textContent = text;
}

/**
 * On an event's page: the signed-in partner's registration (whatever the sign-up window), a button to
 * register while sign-ups are open, or a sign-in link for everyone else. Null when there is nothing to say.
 * @param {{ id: string, slug: string, title: string, status: string, startsAt: string, registrationOpensAt: string | null, registrationClosesAt: string | null, maxPeoplePerRegistration?: number }} ev
 */
async function registrationBox(ev) {
  const now = Date.now();
  const opens = ev.registrationOpensAt ? parseDate(ev.registrationOpensAt) : null;
  const closes = ev.registrationClosesAt ? parseDate(ev.registrationClosesAt) : parseDate(ev.startsAt);
  const open = ev.status === 'PUBLISHED' && (!opens || opens.getTime() <= now) && (!closes || closes.getTime() > now);
  let me = null;
  try {
    me = await currentAccount();
  } catch (err) {
    // The public page stands on its own: a failed account request only costs this box.
    return err instanceof ApiError && err.code === 'SESSION_ENDED' ? signInLink(ev, true) : errorBox(err, () => rerender(), false);
  }
  // Who on the team may change the event (the API decides: its city's coordinators, an admin) gets the
  // way to its form and registrations instead.
  if (me && onTeam(me) && (await mayUpdate(ev.slug))) {
    return h('p', { class: 'muted small', testid: 'event-team-links' }, routeLink(['team', 'events', ev.slug], t('evEditLink')), ' · ', routeLink(['team', 'events', ev.slug, 'inschrijvingen'], t('evRegistrationsLink')));
  }
  const mine = me?.partner?.registrations.find((r) => r.event.id === ev.id && r.status !== 'CANCELLED');
  if (mine) return registrationOutcome(mine, ev.title);
  if (!open) return null;
  if (!me) return signInLink(ev, false);
  if (!me.partner) return null;
  if (me.partner.status === 'PENDING') return h('p', { class: 'muted', testid: 'register-pending' }, t('registerPending'));
  if (me.partner.status !== 'APPROVED') return h('p', { class: 'muted', testid: 'register-pending' }, t('registerArchived'));
  // Who comes: up to the event's limit per partner; left empty, the partner's contact person is registered.
  const names = Array.from({ length: Math.max(1, ev.maxPeoplePerRegistration || 1) }, (_, i) =>
    inputField('register', `person${i + 1}`, t('registerPerson', { n: i + 1 }), { required: false, field: 'people', autocomplete: i === 0 ? 'name' : 'off', maxlength: 200 }),
  );
  const button = h('button', { type: 'submit', class: 'btn', testid: 'register' }, t('register'));
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'register-form', testid: 'register-form', novalidate: true },
    h('fieldset', null, h('legend', null, t('registerWho')), h('p', { class: 'muted small' }, t('registerWhoHelp')), names),
    h('p', null, button),
    problem,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    const people = [...form.querySelectorAll('input')].map((input) => input.value.trim()).filter(Boolean);
    try {
      // One key per click: a retried request gives the first answer instead of a second sign-up.
      // (getRandomValues, unlike randomUUID, also works on a page served over plain http.)
      const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
      const { registerForEvent } = await gql(queries.REGISTER, { eventId: ev.id, key, people: people.length ? people : null }, { signedIn: true });
      replaceFocused(form, registrationOutcome(registerForEvent.registration, ev.title));
    } catch (err) {
      button.disabled = false;
      if (err instanceof ApiError && err.code === 'CONFLICT') {
        replaceFocused(form, h('p', { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code }, t('registerRefused')));
      } else formError(form, problem, err);
    }
  });
  return h('div', { testid: 'register-box' }, form);
}

/**
 * Whether the signed-in viewer may change the event; false when the question fails (the page works
 * without the team's links).
 * @param {string} slug
 */
async function mayUpdate(slug) {
  try {
    const { event } = await gql(eventsQueries.TEAM_EVENT_RIGHTS, { slug }, { signedIn: true });
    return !!event?.viewerCanUpdate;
  } catch (_) {
    return false;
  }
}

/** The way to sign in from an event's page, and back; `ended` says the last session ran out. */
function signInLink(ev, ended) {
  const params = { terug: routeHref(['events', ev.slug]) };
  if (ended) params.sessie = 'verlopen';
  return h('p', { testid: 'register-sign-in' }, h('a', { href: routeHref(['aanmelden'], params) }, t('registerSignIn')));
}

/**
 * What became of a registration: its door code (also as a QR code, with the partner's own calendar file
 * that holds it), its waitlist place, or its status.
 * @param {{ id: string, status: string, code: string | null, codeQr: string[] | null, waitlistPosition: number | null, people?: { name: string }[] }} r
 * @param {string} eventTitle
 */
function registrationOutcome(r, eventTitle) {
  const text = r.status === 'WAITLISTED' ? t('waitlisted', { n: r.waitlistPosition }) : r.status === 'CONFIRMED' ? t('registered', { code: r.code }) : label('RegistrationStatus', r.status);
  const who = r.people && r.people.length ? h('span', { class: 'block small', testid: 'registration-people' }, t('registeredPeople', { names: r.people.map((p) => p.name).join(', ') })) : null;
  const outcome = h('p', { class: 'notice', testid: 'registration-outcome', 'data-status': r.status }, text, who);
  if (r.status !== 'CONFIRMED' || !r.code) return outcome;
  return h('div', { class: 'registration-outcome' }, outcome, r.codeQr ? qrCode(r.codeQr, r.code) : null, ownCalendarButton(r, eventTitle));
}
