// @ts-check
// The team's dashboard, `#/team`: the team's home after signing in. What waits for the viewer (the coming
// events of their city with their seats, partners to approve, invitations without an answer, stories to
// review, the cases by phase), each one click from the page where it is handled, the mail outbox's state,
// and the ways to the rest of the workspace. One request fills it, and a second, beside it, reads the outbox
// (so that should that one fail, only its section says so).

import { gql } from '../../api.js';
import { h, routeHref, routeLink, setMain, setTitle, timeEl } from '../../dom.js';
import { count, enumValues, formatNumber, label, locale, t } from '../../lang.js';
import * as dashboardQueries from '../../queries/dashboard.js';
import { eventWhen, formatDay, formatInstant, instantInBrussels, brusselsToInstant } from '../../time.js';
import { chip, cityChips } from '../../ui/chips.js';
import { errorBox, pageTitle, renderNotFound, section } from '../../ui/frame.js';

/** @typedef {import('../../account.js').Account} Account */

/** The aliases of the dashboard's count of cases in each phase, by phase. */
const PHASE_COUNTS = {
  PROPOSED: 'proposed',
  PREPARING: 'preparing',
  RUNNING: 'running',
  EVALUATING: 'evaluating',
  COMPLETED: 'completed',
  STOPPED: 'stopped',
};

/**
 * The city whose records the dashboard shows: a coordinator's one city; none (every city) for an admin
 * or a coordinator of more than one (the list filters take one city, and there are two).
 * @param {Account} me
 */
const cityOf = (me) => (me.role === 'COORDINATOR' && me.cities.length === 1 ? me.cities[0] : null);

/** The instant today began in Brussels: events under way today still count as coming. */
function startOfToday() {
  const today = instantInBrussels(new Date().toISOString()).slice(0, 10);
  return brusselsToInstant(`${today}T00:00`);
}

/**
 * A list of the section's items, or the text that says there are none; `more` items beyond those shown
 * are counted below it.
 * @param {HTMLElement[]} items
 * @param {string} testid
 * @param {string} emptyText
 * @param {number} [more]
 */
function itemList(items, testid, emptyText, more = 0) {
  if (!items.length) return h('p', { class: 'muted empty', testid: testid + '-empty' }, emptyText);
  return [
    h('ul', { class: 'rows dashboard-list', testid }, items),
    more > 0 ? h('p', { class: 'muted small', testid: testid + '-more' }, t('dashNotShown', { n: formatNumber(more) })) : null,
  ];
}

/**
 * The seats of an event: taken against its capacity (or taken, without a limit), and its waitlist.
 * @param {{ capacity: number | null, seatsTaken: number, waitlistLength: number }} ev
 */
function seats(ev) {
  return h(
    'span',
    { class: 'dashboard-seats' },
    h(
      'span',
      { testid: 'seats-taken', 'data-taken': String(ev.seatsTaken), 'data-capacity': ev.capacity === null ? '' : String(ev.capacity) },
      ev.capacity === null
        ? t('dashSeatsUnlimited', { taken: formatNumber(ev.seatsTaken) })
        : t('dashSeats', { taken: formatNumber(ev.seatsTaken), capacity: formatNumber(ev.capacity) }),
    ),
    ' · ',
    h('span', { testid: 'waitlist', 'data-waitlist': String(ev.waitlistLength) }, count('dashWaitlist', ev.waitlistLength)),
  );
}

/**
 * A row of a list: its main link and what to know about it, a line each.
 * @param {string} testid
 * @param {HTMLElement} link
 * @param {import('../../dom.js').Child[]} lines
 * @param {Record<string, string>} [data] data attributes
 */
function row(testid, link, lines, data = {}) {
  return h(
    'li',
    { class: 'row', testid, ...data },
    h('span', { class: 'row-main' }, link),
    lines.filter((line) => line !== null).map((line) => h('span', { class: 'row-line muted small' }, line)),
  );
}

/**
 * The coming events, each to its registrations.
 * @param {{ totalCount: number, nodes: any[] }} events
 */
function eventsSection(events) {
  const items = events.nodes.map((ev) =>
    row(
      'dashboard-event',
      routeLink(['team', 'events', ev.slug, 'inschrijvingen'], ev.title),
      [
        timeEl(ev.startsAtLocal, eventWhen(ev, true)),
        h('span', { class: 'chips' }, ev.status === 'DRAFT' ? chip(label('EventStatus', ev.status), 'muted') : null, cityChips(ev.cities)),
        seats(ev),
      ],
      { 'data-slug': ev.slug },
    ),
  );
  return section(t('dashEvents'), 'dashboard-events', itemList(items, 'dashboard-event-list', t('dashEventsEmpty'), events.totalCount - events.nodes.length));
}

/**
 * The partners waiting for approval, each to its team page (where an admin approves it).
 * @param {{ totalCount: number, nodes: any[] }} partners
 * @param {Account} me
 */
function partnersSection(partners, me) {
  const items = partners.nodes.map((p) =>
    row(
      'dashboard-partner',
      routeLink(['team', 'partners', p.slug], p.name),
      [[label('StakeholderType', p.stakeholderType), p.homeCity ? [' · ', label('City', p.homeCity)] : null], t('dashWaitingSince', { date: formatDay(p.createdAt) })],
      { 'data-slug': p.slug },
    ),
  );
  return section(
    t('dashPartners'),
    'dashboard-partners',
    me.role !== 'ADMIN' && items.length ? h('p', { class: 'muted small' }, t('dashApprovalByAdmins')) : null,
    itemList(items, 'dashboard-partner-list', t('dashPartnersEmpty'), partners.totalCount - partners.nodes.length),
  );
}

/**
 * The invitations to the cases that wait for an answer, the oldest first, each to its case's team page.
 * @param {{ totalCount: number, nodes: any[] }} cases
 */
function invitationsSection(cases) {
  const open = cases.nodes
    .flatMap((c) => c.members.filter((m) => m.status === 'INVITED').map((m) => ({ ...m, pilotCase: c })))
    .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  const items = open.map((m) =>
    row(
      'dashboard-invitation',
      routeLink(['team', 'cases', m.pilotCase.slug], m.pilotCase.title),
      [[m.partner.name, ' ', t('asRole', { role: label('MemberRole', m.role) })], t('dashInvitedOn', { date: formatDay(m.createdAt) })],
      { 'data-slug': m.pilotCase.slug },
    ),
  );
  const unread = cases.totalCount > cases.nodes.length ? h('p', { class: 'muted small' }, t('dashCasesNotRead', { n: formatNumber(cases.nodes.length) })) : null;
  return section(t('dashInvitations'), 'dashboard-invitations', itemList(items, 'dashboard-invitation-list', t('dashInvitationsEmpty')), unread);
}

/**
 * The stories in review that the viewer may change (a coordinator's: of their cities, or of no single
 * city; the API picks them), each to its team page.
 * @param {{ totalCount: number, nodes: any[] }} stories
 */
function storiesSection(stories) {
  const items = stories.nodes.map((s) =>
    row(
      'dashboard-story',
      routeLink(['team', 'verhalen', s.slug], s.title),
      [s.city ? label('City', s.city) : t('dashNoCity'), t('dashChangedOn', { date: formatInstant(s.updatedAt) })],
      { 'data-slug': s.slug },
    ),
  );
  return section(t('dashStories'), 'dashboard-stories', itemList(items, 'dashboard-story-list', t('dashStoriesEmpty'), stories.totalCount - stories.nodes.length));
}

/**
 * How many cases there are in each phase, each to the list of the cases in that phase.
 * @param {Record<string, { totalCount: number }>} data
 */
function casesSection(data) {
  const phases = enumValues('PilotCasePhase');
  const counts = phases.map((phase) => [phase, data[PHASE_COUNTS[/** @type {keyof typeof PHASE_COUNTS} */ (phase)]]?.totalCount ?? 0]);
  const total = counts.reduce((sum, [, n]) => sum + Number(n), 0);
  const body = total
    ? h(
        'ul',
        { class: 'phase-counts', testid: 'dashboard-phase-list' },
        counts.map(([phase, n]) =>
          h(
            'li',
            { testid: 'dashboard-phase', 'data-phase': String(phase), 'data-count': String(n) },
            h('a', { href: routeHref(['team', 'cases'], { fase: String(phase) }) }, h('span', { class: 'phase-count' }, formatNumber(Number(n))), ' ', h('span', null, label('PilotCasePhase', String(phase)))),
          ),
        ),
      )
    : h('p', { class: 'muted empty', testid: 'dashboard-phase-list-empty' }, t('dashCasesEmpty'));
  return section(t('dashCases'), 'dashboard-cases', body);
}

/** How long a message may wait before the outbox's state is shown as a warning, in seconds. */
const MAIL_SLOW_SECONDS = 15 * 60;

/**
 * A time in words: "less than a minute", "12 minutes", "3 hours", "2 days".
 * @param {number} seconds
 */
function ageInWords(seconds) {
  if (seconds < 60) return t('ageUnderMinute');
  const [value, unit] = seconds < 3600 ? [Math.floor(seconds / 60), 'minute'] : seconds < 48 * 3600 ? [Math.floor(seconds / 3600), 'hour'] : [Math.floor(seconds / 86400), 'day'];
  return new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/**
 * The mail outbox: the messages waiting and how long the oldest has, those set aside after the mail server
 * refused them, and those due later. Some set aside, or one waiting over 15 minutes, shows as a warning.
 * @param {{ pending: number, oldestPendingSeconds: number | null, failed: number, scheduled: number } | { error: unknown }} status
 */
function mailSection(status) {
  if ('error' in status) return section(t('dashMail'), 'dashboard-mail', errorBox(status.error, null, false));
  const slow = status.pending > 0 && (status.oldestPendingSeconds ?? 0) > MAIL_SLOW_SECONDS;
  const warn = status.failed > 0 || slow;
  const facts = h(
    'ul',
    { class: 'rows dashboard-list mail-facts' },
    h(
      'li',
      { class: 'row', testid: 'mail-pending', 'data-count': String(status.pending) },
      h('span', { class: 'row-main' }, status.pending ? count('dashMailPending', status.pending) : t('dashMailNonePending')),
      status.pending && status.oldestPendingSeconds !== null
        ? h('span', { class: 'row-line muted small', testid: 'mail-oldest', 'data-seconds': String(Math.floor(status.oldestPendingSeconds)) }, t('dashMailOldest', { age: ageInWords(status.oldestPendingSeconds) }))
        : null,
    ),
    h('li', { class: 'row', testid: 'mail-failed', 'data-count': String(status.failed) }, h('span', { class: 'row-main' }, status.failed ? count('dashMailFailed', status.failed) : t('dashMailNoneFailed'))),
    status.scheduled ? h('li', { class: 'row', testid: 'mail-scheduled', 'data-count': String(status.scheduled) }, h('span', { class: 'row-line muted small' }, count('dashMailScheduled', status.scheduled))) : null,
  );
  return section(
    t('dashMail'),
    'dashboard-mail',
    h(
      'div',
      { class: warn ? 'mail-outbox notice notice-warn' : 'mail-outbox', testid: 'mail-outbox', 'data-warn': String(warn) },
      warn ? h('p', { class: 'notice-title', testid: 'mail-warning' }, status.failed > 0 ? t('dashMailWarnFailed') : t('dashMailWarnSlow')) : null,
      facts,
    ),
  );
}

/**
 * The ways into the rest of the workspace: new records, the tools, and Mijn LODE.
 * @param {Account} me
 */
function waysIn(me) {
  const link = (/** @type {string[]} */ parts, /** @type {string} */ text, /** @type {string} */ testid, cls = 'btn btn-secondary') =>
    h('li', null, routeLink(parts, text, { class: cls, testid }));
  return h(
    'nav',
    { class: 'dashboard-ways', 'aria-label': t('dashWays') },
    h(
      'ul',
      { class: 'dashboard-new', testid: 'dashboard-new' },
      link(['team', 'cases', 'nieuw'], t('dashNewCase'), 'new-case', 'btn'),
      link(['team', 'events', 'nieuw'], t('dashNewEvent'), 'new-event', 'btn'),
      link(['team', 'verhalen', 'nieuw'], t('dashNewStory'), 'new-story', 'btn'),
    ),
    h(
      'ul',
      { class: 'dashboard-tools', testid: 'dashboard-tools' },
      link(['team', 'audit'], t('auditTitle'), 'audit-link'),
      me.role === 'ADMIN' ? link(['team', 'accounts'], t('dashAccounts'), 'accounts-link') : null,
      link(['team', 'domeinen'], t('dashDomains'), 'domains-link'),
      link(['team', 'datasets'], t('dashDatasets'), 'datasets-link'),
      link(['team', 'bevragingen'], t('teamSurveysTitle'), 'surveys-link'),
      link(['deur'], t('doorTitle'), 'door-link'),
      link(['mijn'], t('mine'), 'mine-link'),
    ),
  );
}

/**
 * Renders `#/team`.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {string[]} path
 */
export async function pageDashboard(ctx, me, path) {
  if (path.length) {
    renderNotFound();
    return;
  }
  setTitle(t('teamTitle'));
  const city = cityOf(me);
  const [data, mail] = await Promise.all([
    gql(dashboardQueries.TEAM_DASHBOARD, { city, from: startOfToday() }, { signedIn: true }),
    gql(dashboardQueries.MAIL_STATUS, {}, { signedIn: true }).then(
      (answer) => answer.mailStatus,
      (error) => ({ error }),
    ),
  ]);
  if (!ctx.current()) return;
  const scope = city ? t('dashScopeCity', { city: label('City', city) }) : t('dashScopeAll');
  setMain(
    pageTitle(t('teamTitle'), t('signedInAs', { email: me.email })),
    h('p', { class: 'lead', testid: 'dashboard-scope' }, scope),
    waysIn(me),
    h(
      'div',
      { class: 'dashboard-grid' },
      eventsSection(data.upcomingEvents),
      partnersSection(data.pendingPartners, me),
      invitationsSection(data.casesWithMembers),
      storiesSection(data.storiesInReview),
      casesSection(data),
      mailSection(mail),
    ),
  );
}
