// @ts-check
// An event's form in the team's workspace (`#/team/events/nieuw`, `#/team/events/<slug>`): its fields
// through `recordForm`, its quotas per stakeholder type as a field of the same form (saved with
// `setEventQuotas` from the same version, so neither save overwrites a change made meanwhile), and the
// status moves its lifecycle allows now (`nextStatuses`): publish, cancel (asked once more), complete.

import { ApiError, gql } from '../../api.js';
import { h, routeHref, routeLink, setMain, setTitle } from '../../dom.js';
import { enumValues, label, t } from '../../lang.js';
import * as eventsQueries from '../../queries/events.js';
import { eventWhen } from '../../time.js';
import { PartlySaved, recordForm } from '../../ui/editor.js';
import { formError } from '../../ui/forms.js';
import { errorBox, pageTitle, section } from '../../ui/frame.js';
import { withLinked } from './content-parts.js';
import { EVENTS_ROUTE, eventCrumbs, eventStatusChip, notYours, resultNotice, seatsText } from './event-parts.js';

/** The requests of these pages send the session's token. */
const SIGNED_IN = { signedIn: true };

/** The name of the form (its fields' ids and test ids begin with it). */
const FORM = 'event';

/** The button text of each status move. */
const MOVE_TEXT = /** @type {const} */ ({ PUBLISHED: 'evPublish', CANCELLED: 'evCancel', COMPLETED: 'evComplete' });
/** What each status move did, in words. */
const MOVED_TEXT = /** @type {const} */ ({ PUBLISHED: 'evMovedPublished', CANCELLED: 'evMovedCancelled', COMPLETED: 'evMovedCompleted' });

/**
 * What the next rendering of an event's form says first (after a new event was created, or its status
 * moved): shown once.
 * @type {{ text: string, problem?: unknown } | null}
 */
let flash = null;

/**
 * @typedef {{ stakeholderType: string, maxSeats: number | null, reservedSeats: number | null, reservedUntil: string | null }} Quota
 * a quota as `setEventQuotas` takes it and `quotas` answers it (the same keys in the same order, so the
 * form compares a read value with the form's own)
 */

/**
 * The quotas per stakeholder type as a field of the form: a row per type with the most seats it may take
 * and the seats kept for it. Until when seats are kept is not edited here: it is sent back as read (by
 * default, until registration closes).
 * @returns {import('../../ui/editor.js').CustomField}
 */
function quotaField() {
  /** Until when each type's seats are kept, as read. @type {Record<string, string | null>} */
  let kept = {};
  const rows = enumValues('StakeholderType').map((type, i) => {
    const name = label('StakeholderType', type);
    // The first input carries the field's id and name, so its label and a validation error find it.
    const input = (/** @type {'max' | 'reserved'} */ which, /** @type {string} */ aria) =>
      h('input', {
        type: 'number',
        min: '0',
        step: '1',
        inputmode: 'numeric',
        class: 'quota-input',
        id: i === 0 && which === 'max' ? `${FORM}-quotas` : `${FORM}-quota-${which}-${type}`,
        'data-field': i === 0 && which === 'max' ? 'quotas' : null,
        'aria-label': aria,
        testid: `${FORM}-quota-${which}-${type}`,
      });
    const max = input('max', t('evQuotaMaxFor', { type: name }));
    const reserved = input('reserved', t('evQuotaReservedFor', { type: name }));
    return { type, max, reserved, row: h('tr', null, h('th', { scope: 'row' }, name), h('td', null, max), h('td', null, reserved)) };
  });
  const table = h(
    'table',
    { class: 'team-table quota-table', testid: `${FORM}-quota-table` },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('evQuotaType')), h('th', { scope: 'col' }, t('evQuotaMax')), h('th', { scope: 'col' }, t('evQuotaReserved')))),
    h('tbody', null, rows.map((r) => r.row)),
  );
  const number = (/** @type {HTMLInputElement} */ el) => (el.value === '' ? null : Number(el.value));
  /** A quota in words: "Bedrijf: hoogstens 4, 2 gereserveerd". */
  const inWords = (/** @type {Quota} */ q) =>
    `${label('StakeholderType', q.stakeholderType)}: ${[q.maxSeats === null ? null : t('evQuotaShownMax', { n: q.maxSeats }), q.reservedSeats === null ? null : t('evQuotaShownReserved', { n: q.reservedSeats })].filter(Boolean).join(', ')}`;
  return {
    show: (value) => (Array.isArray(value) && value.length ? /** @type {Quota[]} */ (value).map(inWords).join('; ') : t('emptyValue')),
    element: h('div', { class: 'table-scroll' }, table),
    read: () =>
      rows
        .filter((r) => number(r.max) !== null || number(r.reserved) !== null)
        .map((r) => ({ stakeholderType: r.type, maxSeats: number(r.max), reservedSeats: number(r.reserved), reservedUntil: kept[r.type] ?? null })),
    write: (value) => {
      kept = {};
      for (const r of rows) r.max.value = r.reserved.value = '';
      for (const quota of /** @type {Quota[]} */ (Array.isArray(value) ? value : [])) {
        const r = rows.find((row) => row.type === quota.stakeholderType);
        if (!r) continue;
        r.max.value = quota.maxSeats === null ? '' : String(quota.maxSeats);
        r.reserved.value = quota.reservedSeats === null ? '' : String(quota.reservedSeats);
        kept[quota.stakeholderType] = quota.reservedUntil ?? null;
      }
    },
  };
}

/**
 * The form's fields. The choices of a case and a domain are the first hundred of each, with the event's own
 * if they are not among them.
 * @param {{ pilotCases: { nodes: { id: string, title: string, cities: string[] }[] }, valueDomains: { nodes: { id: string, name: string }[] } }} choices
 * @param {any} event the event as read, or null for a new one
 * @returns {import('../../ui/editor.js').Field[]}
 */
function eventFields(choices, event) {
  const cases = withLinked(choices.pilotCases.nodes, event && event.pilotCase ? [event.pilotCase] : []).map((c) => ({ value: c.id, label: `${c.title} (${c.cities.map((/** @type {string} */ city) => label('City', city)).join(', ')})` }));
  const domains = withLinked(choices.valueDomains.nodes, event && event.valueDomain ? [event.valueDomain] : []).map((d) => ({ value: d.id, label: d.name }));
  return [
    { name: 'title', label: t('evFieldTitle'), kind: 'text', required: true },
    { name: 'description', label: t('evFieldDescription'), kind: 'markdown' },
    { name: 'format', label: t('evFieldFormat'), kind: 'enum', enumName: 'EventFormat', required: true },
    { name: 'startsAt', label: t('evFieldStartsAt'), kind: 'datetime', required: true },
    { name: 'endsAt', label: t('evFieldEndsAt'), kind: 'datetime', required: true },
    { name: 'venue', label: t('evFieldVenue'), kind: 'text', nullable: true, help: t('evVenueHelp') },
    { name: 'address', label: t('evFieldAddress'), kind: 'text', nullable: true },
    { name: 'onlineUrl', label: t('evFieldOnlineUrl'), kind: 'url', nullable: true },
    { name: 'capacity', label: t('evFieldCapacity'), kind: 'number', nullable: true, help: t('evCapacityHelp'), attributes: { min: 0, step: 1 } },
    { name: 'registrationOpensAt', label: t('evFieldOpens'), kind: 'datetime', nullable: true, help: t('evOpensHelp') },
    { name: 'registrationClosesAt', label: t('evFieldCloses'), kind: 'datetime', nullable: true, help: t('evClosesHelp') },
    { name: 'pilotCaseId', label: t('evFieldPilotCase'), kind: 'select', options: cases, nullable: true },
    { name: 'valueDomainId', label: t('evFieldValueDomain'), kind: 'select', options: domains, nullable: true },
    { name: 'cities', label: t('evFieldCities'), kind: 'enums', enumName: 'City', required: true },
    { name: 'audience', label: t('evFieldAudience'), kind: 'enums', enumName: 'StakeholderType', help: t('evAudienceHelp') },
    { name: 'quotas', label: t('evFieldQuotas'), kind: 'custom', custom: quotaField(), help: t('evQuotasHelp') },
  ];
}

/**
 * An event's values as the form holds them (keyed as the inputs name them), or a new event's.
 * @param {any} event
 * @param {import('../../account.js').Account} me
 */
function valuesOf(event, me) {
  if (event) return { ...event, pilotCaseId: event.pilotCase ? event.pilotCase.id : null, valueDomainId: event.valueDomain ? event.valueDomain.id : null, quotas: event.quotas || [] };
  return { title: '', description: '', format: 'WORKSHOP', cities: me.role === 'COORDINATOR' ? me.cities : [], audience: [], quotas: [] };
}

/**
 * Refuses, before anything is sent, what the API would refuse halfway through a save of two steps: a new
 * event without its times, and quotas keeping more seats than there are.
 * @param {Record<string, unknown>} input
 * @param {any} event
 */
function checkBeforeSaving(input, event) {
  if (!event) {
    for (const field of ['startsAt', 'endsAt']) if (!input[field]) throw new ApiError('VALIDATION', `${field} is required`, field);
  }
  const quotas = /** @type {Quota[] | undefined} */ (input.quotas);
  const capacity = Object.prototype.hasOwnProperty.call(input, 'capacity') ? input.capacity : event ? event.capacity : null;
  const reserved = (quotas || []).reduce((sum, q) => sum + (q.reservedSeats || 0), 0);
  if (quotas && typeof capacity === 'number' && reserved > capacity) throw new ApiError('VALIDATION', 'the reserved seats add up to more than the capacity', 'quotas');
}

/**
 * Saves the form's changes: the event's fields (`createEvent`, or `updateEvent` from the version read), then
 * its quotas when they changed (`setEventQuotas` from the version the first step left). Answers the event
 * as saved last.
 * @param {any} event the event as read, or null for a new one
 * @returns {import('../../ui/editor.js').Save}
 */
function saver(event) {
  return async (input, expected) => {
    checkBeforeSaving(input, event);
    const { quotas, ...fields } = input;
    let saved = null;
    if (!event) saved = (await gql(eventsQueries.TEAM_CREATE_EVENT, { input: fields }, SIGNED_IN)).createEvent.event;
    else if (Object.keys(fields).length) saved = (await gql(eventsQueries.TEAM_UPDATE_EVENT, { input: { id: event.id, expectedUpdatedAt: expected, ...fields } }, SIGNED_IN)).updateEvent.event;
    const quotaList = /** @type {Quota[] | undefined} */ (quotas);
    if (quotaList && (event || quotaList.length)) {
      const target = saved || event;
      try {
        const read = saved ? saved.updatedAt : expected;
        saved = (await gql(eventsQueries.TEAM_SET_EVENT_QUOTAS, { eventId: target.id, read, quotas: quotaList }, SIGNED_IN)).setEventQuotas.event;
      } catch (err) {
        // The fields are saved: the form saves over their version from now on, and says what was refused.
        if (event && saved) throw new PartlySaved(err, saved, Object.keys(fields));
        // The new event exists already: its form says the quotas still wait, rather than create it twice.
        if (event || !saved) throw err;
        flash = { text: t('evCreatedWithoutQuotas'), problem: err };
      }
    }
    return saved;
  };
}

/**
 * The event's status, its seats, and a button per move its lifecycle allows now. A move saves nothing of
 * the form: with unsaved changes in it, the page asks to save them first.
 * @param {any} event
 * @param {() => string} version the `updatedAt` the page holds now
 * @param {HTMLFormElement} form
 * @param {(text: string) => void} moved renders the page again, saying what happened
 * @param {() => void} reload renders the page again from the event as it is now
 */
function statusPanel(event, version, form, moved, reload) {
  const result = h('div', { class: 'move-result', testid: 'event-move-result' });
  const dirty = () => form.querySelector('.dirty-note')?.hasAttribute('hidden') === false;
  /**
   * @param {keyof typeof MOVE_TEXT} status
   * @param {HTMLButtonElement} button
   */
  const move = async (status, button) => {
    if (dirty()) {
      result.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert', testid: 'event-save-first' }, t('evSaveFirst')));
      return;
    }
    button.disabled = true;
    try {
      await gql(eventsQueries.TEAM_SET_EVENT_STATUS, { id: event.id, read: version(), status }, SIGNED_IN);
      moved(t(MOVED_TEXT[status]));
    } catch (err) {
      button.disabled = false;
      // A field the move needs (a venue before publishing) is marked in the form below.
      if (err instanceof ApiError && err.code === 'VALIDATION') formError(form, result, err);
      else {
        // Changed meanwhile, say: the page offers to read the event again.
        result.replaceChildren(errorBox(err, reload, false));
        result.querySelector('[role="alert"]')?.setAttribute('tabindex', '-1');
        /** @type {HTMLElement | null} */ (result.firstElementChild)?.focus();
      }
    }
  };
  const buttons = /** @type {(keyof typeof MOVE_TEXT)[]} */ (event.nextStatuses).map((status) => {
    const button = h('button', { type: 'button', class: status === 'CANCELLED' ? 'btn btn-secondary' : 'btn', testid: `event-move-${status}` }, t(MOVE_TEXT[status]));
    if (status !== 'CANCELLED') {
      button.addEventListener('click', () => move(status, button));
      return button;
    }
    // Cancelling tells everyone signed up that it is off, and cannot be undone: it asks once more.
    const confirm = h('button', { type: 'button', class: 'btn', testid: 'event-cancel-confirm' }, t('evCancelConfirm'));
    const keep = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'event-cancel-keep' }, t('evCancelKeep'));
    const question = h('div', { class: 'confirm', role: 'group', 'aria-label': t('evCancel'), testid: 'event-cancel-question' }, h('p', null, t('evCancelQuestion')), h('p', { class: 'buttons' }, confirm, ' ', keep));
    button.addEventListener('click', () => {
      button.replaceWith(question);
      keep.focus();
    });
    keep.addEventListener('click', () => {
      question.replaceWith(button);
      button.focus();
    });
    confirm.addEventListener('click', () => move(status, confirm));
    return button;
  });
  return section(
    t('evStatusTitle'),
    'event-status-panel',
    h('p', null, t('evStatusNow'), ' ', eventStatusChip(event.status)),
    h('p', { class: 'muted small' }, eventWhen(event, false), ' · ', h('span', { testid: 'event-form-seats' }, seatsText(event))),
    buttons.length ? h('p', { class: 'buttons' }, buttons.flatMap((b, i) => (i ? [' ', b] : [b]))) : h('p', { class: 'muted', testid: 'event-no-moves' }, t('evNoMoves')),
    result,
  );
}

/**
 * Renders a new event's form (`slug` null) or an event's, for the account that manages it.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {import('../../account.js').Account} me
 * @param {string | null} slug
 */
export async function pageEventForm(ctx, me, slug) {
  const [choices, found] = await Promise.all([
    gql(eventsQueries.TEAM_EVENT_CHOICES, {}, SIGNED_IN),
    slug ? gql(eventsQueries.TEAM_EVENT_FORM, { slug }, SIGNED_IN) : Promise.resolve(null),
  ]);
  if (!ctx.current()) return;
  /** @type {any} */
  const event = found ? found.event : null;
  const title = event ? event.title : t('evNewTitle');
  setTitle(title);
  const crumbs = eventCrumbs([[title]]);
  if (event && !event.viewerCanUpdate) {
    setMain(crumbs, pageTitle(t('evEditTitle'), t('evListTitle')), notYours(title));
    return;
  }
  // The version the status moves send back: the form's saves and a settled conflict move it on.
  let version = event ? event.updatedAt : null;
  const form = recordForm({
    name: FORM,
    fields: eventFields(choices, event),
    values: valuesOf(event, me),
    updatedAt: event ? event.updatedAt : null,
    save: saver(event),
    submitText: event ? t('save') : t('evCreate'),
    onVersion: (updatedAt) => {
      version = updatedAt;
    },
    onSaved: (record) => {
      if (!event) {
        flash = flash || { text: t('evCreated') };
        location.hash = routeHref([...EVENTS_ROUTE, record.slug]);
        return;
      }
      showPanel(record);
    },
    // The fields saved before the quotas were refused: the panel shows the event as they left it.
    onPartlySaved: (record) => showPanel(record),
  });
  /** The status panel of the event as saved now, in place of the one shown. */
  const showPanel = (/** @type {any} */ record) => {
    panel = panelFor(record);
    shownPanel.replaceWith(panel);
    shownPanel = panel;
  };
  const moved = (/** @type {string} */ text) => {
    flash = { text };
    pageEventForm(ctx, me, slug);
  };
  const panelFor = (/** @type {any} */ record) => statusPanel(record, () => /** @type {string} */ (version), form, moved, () => pageEventForm(ctx, me, slug));
  let panel = event ? panelFor(event) : null;
  let shownPanel = panel || h('span');
  const said = flash;
  flash = null;
  const notice = said ? resultNotice(said.text, 'event-notice') : null;
  const problem = said && said.problem ? errorBox(/** @type {any} */ (said.problem), null, false) : null;
  const links = event
    ? h(
        'p',
        { class: 'buttons' },
        routeLink([...EVENTS_ROUTE, event.slug, 'inschrijvingen'], t('evRegistrationsLink'), { testid: 'event-registrations-link' }),
        event.status !== 'DRAFT' ? [' · ', routeLink(['events', event.slug], t('evPublicPage'), { testid: 'event-public-link' })] : null,
      )
    : null;
  setMain(crumbs, pageTitle(title, event ? t('evEditTitle') : t('evListTitle')), notice, problem, links, shownPanel, section(t('evFormTitle'), 'event-form-section', form));
  if (notice) notice.focus();
}
