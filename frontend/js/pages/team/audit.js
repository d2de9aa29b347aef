// @ts-check
// The audit log, `#/team/audit`: who changed what, and when, newest first, a page at a time. Admins read
// all of it; coordinators the entries about their own cities' records (the API decides, see
// `domain/audit.rs::readable_by`). Filters live in the address: `wie` (ik, a role, or an account's id),
// `email` (admins only), `soort` (a kind of record), `actie`, `van` and `tot` (days in Brussels, both
// included) and `record` (one record's history).

import { gql } from '../../api.js';
import { h, routeHref, routeLink, setMain, setTitle, timeEl } from '../../dom.js';
import { isTextKey, label, t } from '../../lang.js';
import * as auditQueries from '../../queries/audit.js';
import { navigate, rerender } from '../../router.js';
import { brusselsToInstant, formatInstant } from '../../time.js';
import { breadcrumbs, errorBox, pageTitle } from '../../ui/frame.js';
import { filterBar, pager, selectFilter } from '../../ui/lists.js';

/** @typedef {import('../../account.js').Account} Account */
/** @typedef {import('../../router.js').Params} Params */

/** How many entries a page of the log holds. */
const PAGE_SIZE = 25;

/** The route of the log. */
const ROUTE = ['team', 'audit'];

/** The kinds of record an entry can be about (the API's `AuditRecordKind`), in the order offered. */
const KINDS = ['PILOT_CASE', 'PILOT_CASE_MEMBER', 'EVENT', 'REGISTRATION', 'SUCCESS_STORY', 'PARTNER', 'VALUE_DOMAIN', 'DATASET', 'ACCOUNT'];

/** The roles "who" may name (the API's `Role`). */
const ROLES = ['ADMIN', 'COORDINATOR', 'PARTNER'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The day after a day (`2026-03-29` → `2026-03-30`), as a calendar date.
 * @param {string} day
 */
function nextDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * A text of the log by a key made at run time, or `fallback` when there is none (an action the page does
 * not know yet).
 * @param {string} key
 * @param {string} fallback
 */
const textOr = (key, fallback) => (isTextKey(key) ? t(/** @type {import('../../lang.js').TextKey} */ (key)) : fallback);

/** The label of a kind of record. */
const kindLabel = (/** @type {string} */ kind) => textOr('auditKind_' + kind, kind);

/** The label of an action. */
const actionLabel = (/** @type {string} */ action) => textOr('auditAction_' + action, action);

/**
 * The API's filter for the address's parameters; unknown values are dropped, never sent.
 * @param {Params} params
 * @param {Account} me
 */
async function filterOf(params, me) {
  /** @type {Record<string, string>} */
  const filter = {};
  const who = params.wie || '';
  if (who === 'ik') filter.actorId = (await gql(auditQueries.AUDIT_VIEWER, {}, { signedIn: true })).me.id;
  else if (ROLES.includes(who)) filter.actorRole = who;
  else if (who) filter.actorId = who;
  if (me.role === 'ADMIN' && params.email) filter.actorEmail = params.email.trim();
  if (KINDS.includes(params.soort)) filter.recordKind = params.soort;
  if (params.actie) filter.action = params.actie;
  if (DAY.test(params.van || '')) filter.atFrom = brusselsToInstant(`${params.van}T00:00`) || '';
  if (DAY.test(params.tot || '')) filter.atBefore = brusselsToInstant(`${nextDay(params.tot)}T00:00`) || '';
  if (UUID.test(params.record || '')) filter.subjectId = params.record;
  for (const [key, value] of Object.entries(filter)) if (!value) delete filter[key];
  return filter;
}

/**
 * Who made a change, as the API lets the viewer know it: "you", an admin's view of the address, or the
 * role with the partner or cities; a link lists that account's entries.
 * @param {any} entry
 */
function who(entry) {
  const actor = entry.actor;
  if (!actor) return h('span', { testid: 'audit-who' }, t('auditAnonymous'));
  let text;
  if (actor.isViewer) text = t('auditYou');
  else if (actor.email) text = actor.email;
  else if (!actor.exists) text = t('auditDeletedAccount', { role: label('Role', entry.actorRole || '') });
  else if (actor.partner) text = t('auditMemberOf', { partner: actor.partner.name });
  else if (actor.role === 'COORDINATOR' && actor.cities.length) text = t('auditCoordinatorOf', { cities: actor.cities.map((c) => label('City', c)).join(', ') });
  else text = label('Role', actor.role || entry.actorRole || '');
  return h('a', { href: routeHref(ROUTE, { wie: actor.id }), testid: 'audit-who', title: t('auditOnlyThisPerson') }, text);
}

/**
 * The record an entry is about, as a link to its team page when it has one; its kind alone when it is
 * gone or not the viewer's to see.
 * @param {any} entry
 */
function record(entry) {
  const s = entry.subject;
  const kind = entry.recordKind ? kindLabel(entry.recordKind) : '';
  /** @type {(parts: string[], text: string) => HTMLElement} */
  const link = (parts, text) => routeLink(parts, text, { testid: 'audit-record' });
  if (s) {
    switch (s.__typename) {
      case 'ValueDomain':
        return [kind, ': ', link(['team', 'domeinen', s.slug], s.name)];
      case 'PilotCase':
        return [kind, ': ', link(['team', 'cases', s.slug], s.title)];
      case 'PilotCaseMember':
        return [t('auditMemberIn', { partner: s.partner.name }), ' ', link(['team', 'cases', s.pilotCase.slug], s.pilotCase.title)];
      case 'Partner':
        return [kind, ': ', link(['team', 'partners', s.slug], s.name)];
      case 'CoCreationEvent':
        return [kind, ': ', link(['team', 'events', s.slug], s.title)];
      case 'Registration':
        return [t('auditRegistrationFor', { partner: s.partner.name }), ' ', link(['team', 'events', s.event.slug, 'inschrijvingen'], s.event.title)];
      case 'SuccessStory':
        return [kind, ': ', link(['team', 'verhalen', s.slug], s.title)];
      case 'Dataset':
        return [kind, ': ', link(['team', 'datasets', s.slug], s.title)];
      case 'Survey':
        return [kind, ': ', link(['team', 'bevragingen', s.slug], s.title)];
      default:
        break;
    }
  }
  const account = entry.subjectAccount;
  // Signing in, a new password, a consent: about the account that acted, which "who" names already.
  if (account && entry.actor && account.id === entry.actor.id) return null;
  if (account) return [kind, ': ', h('span', { testid: 'audit-record' }, account.email || label('Role', account.role || ''))];
  if (!entry.subjectId || entry.recordKind === 'ACCOUNT') return null;
  return h('span', { class: 'muted', testid: 'audit-record' }, kind ? t('auditGone', { kind }) : t('auditGoneUnknown'));
}

/**
 * One entry: when, what, which record, and who; with a link to the history of its record.
 * @param {any} entry
 */
function entryItem(entry) {
  const what = record(entry);
  return h(
    'li',
    { class: 'audit-entry', testid: 'audit-entry', 'data-action': entry.action, 'data-kind': entry.recordKind || '', 'data-subject': entry.subjectId || '' },
    h('p', { class: 'audit-when muted small' }, timeEl(entry.at, formatInstant(entry.at))),
    h('p', { class: 'audit-what' }, h('strong', { testid: 'audit-action' }, actionLabel(entry.action)), what ? [' · ', what] : null),
    h(
      'p',
      { class: 'audit-who small' },
      t('auditBy'),
      ' ',
      who(entry),
      entry.subjectId ? [' · ', h('a', { href: routeHref(ROUTE, { record: entry.subjectId }), class: 'link-quiet', testid: 'audit-history' }, t('auditHistory'))] : null,
    ),
  );
}

/**
 * The filters: who, (for admins) an address, the kind of record, the action and the days.
 * @param {Params} params
 * @param {Account} me
 * @param {{ name: string, recordKind: string }[]} actions
 */
function filters(params, me, actions) {
  const whoOptions = [['ik', t('auditWhoMe')], ...ROLES.map((r) => [r, textOr('auditWho_' + r, label('Role', r))])];
  if (params.wie && !whoOptions.some(([v]) => v === params.wie)) whoOptions.push([params.wie, t('auditWhoThisPerson')]);
  const kind = KINDS.includes(params.soort) ? params.soort : null;
  const shownActions = actions.filter((a) => !kind || a.recordKind === kind);
  if (params.actie && !shownActions.some((a) => a.name === params.actie)) shownActions.push({ name: params.actie, recordKind: '' });
  /**
   * A date or text input that changes its parameter of the address when it changes.
   * @param {string} name
   * @param {string} labelText
   * @param {string} type
   * @param {string} value
   */
  const input = (name, labelText, type, value) => {
    const id = 'filter-' + name;
    const el = h('input', {
      id,
      name,
      type,
      value,
      testid: 'audit-filter-' + name,
      autocomplete: type === 'email' ? 'off' : null,
      onchange: (/** @type {Event} */ e) => {
        const next = { ...params };
        const v = /** @type {HTMLInputElement} */ (e.target).value.trim();
        if (v && (type !== 'date' || DAY.test(v))) next[name] = v;
        else delete next[name];
        navigate(routeHref(ROUTE, next), id);
      },
    });
    return h('div', { class: 'field' }, h('label', { for: id }, labelText), el);
  };
  return filterBar(
    [
      selectFilter({ name: 'wie', labelText: t('auditWho'), anyText: t('auditWhoAnyone'), options: whoOptions, value: params.wie || null, testid: 'audit-filter-wie', params, route: ROUTE }),
      me.role === 'ADMIN' ? input('email', t('auditEmail'), 'email', params.email || '') : null,
      selectFilter({ name: 'soort', labelText: t('auditKind'), anyText: t('auditKindAny'), options: KINDS.map((k) => [k, kindLabel(k)]), value: kind, testid: 'audit-filter-soort', params, route: ROUTE }),
      selectFilter({ name: 'actie', labelText: t('auditAction'), anyText: t('auditActionAny'), options: shownActions.map((a) => [a.name, actionLabel(a.name)]), value: params.actie || null, testid: 'audit-filter-actie', params, route: ROUTE }),
      input('van', t('auditFrom'), 'date', DAY.test(params.van || '') ? params.van : ''),
      input('tot', t('auditUntil'), 'date', DAY.test(params.tot || '') ? params.tot : ''),
    ].filter((f) => f !== null),
    params,
    ROUTE,
  );
}

/**
 * Renders `#/team/audit`.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {string[]} path
 * @param {Params} params
 */
export async function pageAudit(ctx, me, path, params) {
  setTitle(t('auditTitle'));
  const head = [
    breadcrumbs([[t('teamTitle'), ['team']], [t('auditTitle')]]),
    pageTitle(t('auditTitle')),
    h('p', { class: 'lead', testid: 'audit-scope' }, me.role === 'ADMIN' ? t('auditScopeAll') : t('auditScopeCities', { cities: me.cities.map((c) => label('City', c)).join(', ') })),
  ];
  let first;
  /** @type {{ name: string, recordKind: string }[]} */
  let actions = [];
  /** @type {Record<string, string>} */
  let filter = {};
  try {
    filter = await filterOf(params, me);
    const data = await gql(auditQueries.TEAM_AUDIT_LOG, { filter, first: PAGE_SIZE, after: null, withActions: true }, { signedIn: true });
    first = data.auditLog;
    actions = data.auditActions;
  } catch (err) {
    if (!ctx.current()) return;
    setMain(head, filters(params, me, actions), errorBox(err, () => rerender()));
    return;
  }
  if (!ctx.current()) return;
  const fetchPage = async (/** @type {string | null} */ after) =>
    (await gql(auditQueries.TEAM_AUDIT_LOG, { filter, first: PAGE_SIZE, after, withActions: false }, { signedIn: true })).auditLog;
  const list = h('ol', { class: 'audit-list', testid: 'audit-list' }, first.nodes.map(entryItem));
  const { countEl, moreBox, errorSlot } = pager(ctx, { first, fetchPage, render: entryItem, list, countKey: 'auditCount', countTestid: 'audit-count', failed: (err) => errorBox(err, null, false) });
  const filtered = Object.keys(filter).length > 0;
  const oneRecord = filter.subjectId
    ? h('p', { class: 'notice', testid: 'audit-one-record' }, t('auditOneRecord'), ' ', routeLink(ROUTE, t('auditAllRecords'), { testid: 'audit-all-records' }))
    : null;
  setMain(
    head,
    filters(params, me, actions),
    oneRecord,
    countEl,
    first.nodes.length ? list : h('p', { class: 'muted empty', testid: 'audit-list-empty' }, filtered ? t('auditEmptyFiltered') : t('auditEmpty')),
    moreBox,
    errorSlot,
  );
}
