// @ts-check
// The team's partners, `#/team/partners`: every partner, those waiting for approval first, and a partner's
// whole profile (`/<slug>`) with its contact person, which only the team and the partner's own members read
// and which no public page shows. Admins edit the profile, approve, refuse (with a reason the partner reads) or
// archive the partner, and erase its personal data after a confirmation that says what goes and what stays;
// coordinators read it (`access.rs`).

import { gql } from '../../api.js';
import { externalLink, h, renderedMarkdown, routeHref, routeLink, setMain, setTitle } from '../../dom.js';
import { apiLanguage, count, enumValues, label, t } from '../../lang.js';
import * as partnersQueries from '../../queries/partners.js';
import { forgetUnsaved, mayLeave, replaceAddress } from '../../router.js';
import { formatDay } from '../../time.js';
import { chip } from '../../ui/chips.js';
import { recordForm } from '../../ui/editor.js';
import { formError } from '../../ui/forms.js';
import { breadcrumbs, definitionList, errorBox, pageTitle, renderNotFound, section } from '../../ui/frame.js';
import { filterBar, pickEnum, selectFilter } from '../../ui/lists.js';
import { partnerFields, partnerValues } from '../partner-form.js';
import { focusResult, moveText, readAll, recordTable, resultNotice, statusMoves } from './content-parts.js';

/** @typedef {import('../../account.js').Account} Account */
/** @typedef {import('../../router.js').RenderContext} RenderContext */

/** The list's order: who waits for the team first. */
const STATUS_ORDER = ['PENDING', 'REFUSED', 'APPROVED', 'ARCHIVED'];

/**
 * A partner's status as a chip.
 * @param {string} status
 */
const partnerStatusChip = (status) => chip(label('PartnerStatus', status), status === 'APPROVED' ? 'ok' : status === 'PENDING' || status === 'REFUSED' ? 'warn' : 'muted', 'partner-status');

/**
 * Renders `#/team/partners/...`.
 * @type {import('./index.js').TeamPage}
 */
export async function teamPartners(ctx, me, path, params) {
  const [slug, ...rest] = path;
  if (rest.length) return renderNotFound();
  if (!slug) return partnerList(ctx, params);
  return partnerPage(ctx, me, slug, null);
}

/**
 * Every partner, filtered by status: those waiting for approval first, then by name.
 * @param {RenderContext} ctx
 * @param {import('../../router.js').Params} params
 */
async function partnerList(ctx, params) {
  const status = pickEnum(params, 'status', 'PartnerStatus');
  const route = ['team', 'partners'];
  const partners = await readAll((after) => gql(partnersQueries.PARTNER_ROWS, { filter: status ? { status: [status] } : null, after }, { signedIn: true }), (data) => data.partners);
  if (!ctx.current()) return;
  partners.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  setTitle(t('teamPartnersTitle'));
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamPartnersTitle')]]),
    pageTitle(t('teamPartnersTitle'), t('teamTitle')),
    h('p', { class: 'lead' }, t('teamPartnersIntro')),
    filterBar(
      [selectFilter({ name: 'status', labelText: t('status'), anyText: t('all'), options: enumValues('PartnerStatus').map((v) => [v, label('PartnerStatus', v)]), value: status, testid: 'filter-status', params, route })],
      params,
      route,
    ),
    h('p', { class: 'total-count', testid: 'total-count', 'data-total': String(partners.length) }, count('partnersCount', partners.length)),
    recordTable(
      t('teamPartnersTitle'),
      [t('partnerNameField'), t('status'), t('stakeholderType'), t('homeCity'), t('partnerSince')],
      partners.map((p) => [
        routeLink([...route, p.slug], p.name, { testid: 'partner-edit-link' }),
        partnerStatusChip(p.status),
        label('StakeholderType', p.stakeholderType),
        p.homeCity ? label('City', p.homeCity) : '—',
        formatDay(p.createdAt),
      ]),
      'partner-rows',
    ),
  );
}

/**
 * A partner's whole profile. `notice` says what the last action did (the page is shown anew after a move or
 * an erasure); `extra` goes with it.
 * @param {RenderContext} ctx
 * @param {Account} me
 * @param {string} slug
 * @param {string | null} notice
 * @param {import('../../dom.js').Child} [extra]
 */
async function partnerPage(ctx, me, slug, notice, extra) {
  const data = await gql(partnersQueries.PARTNER_PROFILE, { slug, language: apiLanguage() }, { signedIn: true });
  if (!ctx.current()) return;
  const partner = data.partner;
  if (!partner) return renderNotFound();
  const isAdmin = me.role === 'ADMIN';
  const erased = !!partner.erasedAt;
  // The version the status moves send back: the form's saves and a settled conflict move it on.
  let version = partner.updatedAt;
  setTitle(partner.name);
  const result = notice ? resultNotice(notice, 'partner-result', extra) : null;
  // The contact as saved, shown anew after each save of the form.
  let contactShown = contactFacts(partner.contact);
  const moves = isAdmin
    ? statusMoves({
        name: 'partner',
        // A refusal asks for its reason first (refuseControl).
        nextStatuses: partner.nextStatuses.filter((/** @type {string} */ s) => s !== 'REFUSED'),
        labelPrefix: 'partnerMove_',
        move: async (status) => {
          const moved = (await gql(partnersQueries.MOVE_PARTNER, { id: partner.id, read: version, status }, { signedIn: true })).setPartnerStatus.partner;
          if (ctx.current()) await partnerPage(ctx, me, moved.slug, moveText('partnerMoved_', status));
        },
      })
    : null;
  const profile =
    isAdmin && !erased
      ? recordForm({
          name: 'partner',
          fields: partnerFields({ formName: 'partner', domains: data.valueDomains.nodes, interests: partner.interests, vocabulary: data.matchingVocabulary, identity: true }),
          values: partnerValues(partner),
          updatedAt: partner.updatedAt,
          save: async (input, read) => (await gql(partnersQueries.SAVE_PARTNER, { input: { ...input, id: partner.id, expectedUpdatedAt: read } }, { signedIn: true })).updatePartner.partner,
          onVersion: (updatedAt) => {
            version = updatedAt;
          },
          onSaved: (saved) => {
            const fresh = contactFacts(saved.contact);
            contactShown.replaceWith(fresh);
            contactShown = fresh;
          },
        })
      : partnerFacts(partner, isAdmin);
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamPartnersTitle'), ['team', 'partners']], [partner.name]]),
    pageTitle(partner.name, t('teamPartnersTitle')),
    result,
    section(
      t('partnerStanding'),
      'partner-standing',
      h('p', null, t('status'), ': ', partnerStatusChip(partner.status), ' · ', label('StakeholderType', partner.stakeholderType), ' · ', t('partnerSinceDay', { d: formatDay(partner.createdAt) })),
      erased ? h('p', { class: 'notice', testid: 'partner-erased' }, t('partnerErasedOn', { d: formatDay(partner.erasedAt) })) : null,
      partner.refusal ? h('p', { class: 'notice notice-warn', testid: 'partner-refusal' }, t('partnerRefusal', { reason: partner.refusal.reason })) : null,
      moves,
      isAdmin && partner.nextStatuses.includes('REFUSED')
        ? refuseControl(partner, async (reason) => {
            const refused = (await gql(partnersQueries.REFUSE_PARTNER, { id: partner.id, read: version, reason }, { signedIn: true })).refusePartner.partner;
            if (ctx.current()) await partnerPage(ctx, me, refused.slug, moveText('partnerMoved_', 'REFUSED'));
          })
        : null,
      isAdmin && !erased ? eraseControl(ctx, me, partner) : null,
      partner.status === 'APPROVED' ? h('p', null, routeLink(['partners', partner.slug], t('partnerPublicLink'))) : null,
    ),
    section(t('partnerContact'), 'partner-contact', contactShown),
    section(t('partnerProfile'), 'partner-profile', profile),
    section(t('partnerInProgramme'), 'partner-programme', programme(partner)),
  );
  focusResult(result);
}

/**
 * The contact person, for the team's eyes only.
 * @param {{ name: string, email: string, phone: string | null } | null} contact
 */
function contactFacts(contact) {
  return h(
    'div',
    { testid: 'partner-contact-facts' },
    h('p', { class: 'muted small' }, t('partnerContactPrivate')),
    contact
      ? definitionList([
          [t('contactName'), contact.name],
          [t('contactEmail'), contact.email],
          [t('contactPhone'), contact.phone],
        ])
      : h('p', { class: 'muted' }, t('partnerNoContact')),
  );
}

/**
 * The profile as it stands, for coordinators (who do not change it) and for an erased partner.
 * @param {any} p
 * @param {boolean} isAdmin
 */
function partnerFacts(p, isAdmin) {
  return h(
    'div',
    { testid: 'partner-read-only' },
    isAdmin ? null : h('p', { class: 'notice' }, t('partnerAdminsOnly')),
    definitionList([
      [t('stakeholderType'), label('StakeholderType', p.stakeholderType)],
      [t('homeCity'), p.homeCity ? label('City', p.homeCity) : null],
      [t('website'), p.website ? externalLink(p.website) : null],
      [t('capabilities'), p.capabilities.join(', ')],
      [t('dataOffered'), p.dataOffered.join(', ')],
      [t('dataNeeded'), p.dataNeeded.join(', ')],
      [t('interests'), p.interests.map((/** @type {any} */ d) => d.name).join(', ')],
    ]),
    renderedMarkdown(p.descriptionHtml),
  );
}

/**
 * The partner's places in cases, its registrations and its stories.
 * @param {any} p
 */
function programme(p) {
  /** @param {any[]} items @param {(item: any) => import('../../dom.js').Child} render */
  const list = (items, render) => (items.length ? h('ul', null, items.map((item) => h('li', null, render(item)))) : h('p', { class: 'muted' }, t('noItems')));
  return [
    h('h3', null, t('memberships')),
    list(p.memberships, (m) => [routeLink(['cases', m.pilotCase.slug], m.pilotCase.title), ` · ${label('MemberRole', m.role)} · ${label('MemberStatus', m.status)}`]),
    h('h3', null, t('partnerRegistrations')),
    list(p.registrations, (r) => [routeLink(['events', r.event.slug], r.event.title), ` · ${formatDay(r.event.startsAt)} · ${label('RegistrationStatus', r.status)}`]),
    h('h3', null, t('partnerStories')),
    list(p.successStories, (s) => [routeLink(['team', 'verhalen', s.slug], s.title), ` · ${label('StoryStatus', s.status)}`]),
  ];
}

/**
 * The admins' refusal of a pending partner: a button that opens a short form asking for the reason, which
 * the partner's members will read, and refuses only with one.
 * @param {any} partner
 * @param {(reason: string) => Promise<void>} refuse
 */
function refuseControl(partner, refuse) {
  const open = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'partner-refuse', 'aria-expanded': 'false', 'aria-controls': 'partner-refuse-form' }, t('partnerMove_REFUSED'));
  const reason = h('textarea', { id: 'partner-refuse-reason', name: 'reason', rows: '4', maxlength: 2000, required: true, 'data-field': 'reason', testid: 'partner-refuse-reason' });
  const confirm = h('button', { type: 'submit', class: 'btn btn-danger', testid: 'partner-refuse-confirm' }, t('partnerRefuseConfirm'));
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'partner-refuse-cancel' }, t('partnerRefuseCancel'));
  const slot = h('div', { testid: 'partner-refuse-error' });
  const titleId = 'partner-refuse-title';
  const form = h(
    'form',
    { class: 'notice notice-warn refuse-form', id: 'partner-refuse-form', 'aria-labelledby': titleId, tabindex: '-1', hidden: true, testid: 'partner-refuse-form' },
    h('p', { class: 'notice-title', id: titleId }, t('partnerRefuseTitle', { name: partner.name })),
    h('div', { class: 'field' }, h('label', { for: reason.id }, t('partnerRefuseReason')), reason),
    h('p', { class: 'buttons' }, confirm, ' ', cancel),
    slot,
  );
  const show = (/** @type {boolean} */ shown) => {
    form.hidden = !shown;
    open.setAttribute('aria-expanded', String(shown));
    (shown ? reason : open).focus();
  };
  open.addEventListener('click', () => show(true));
  cancel.addEventListener('click', () => show(false));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // The page is shown anew after the refusal: unsaved edits of the profile would be lost.
    if (!mayLeave()) return;
    confirm.disabled = true;
    slot.replaceChildren();
    try {
      await refuse(reason.value);
    } catch (err) {
      confirm.disabled = false;
      formError(/** @type {HTMLFormElement} */ (form), slot, err);
    }
  });
  return h('div', { class: 'refuse' }, h('p', null, open), form);
}

/**
 * The admins' erasure of a partner's personal data: a button that first spells out what is erased and what
 * stays, and erases only when confirmed.
 * @param {RenderContext} ctx
 * @param {Account} me
 * @param {any} partner
 */
function eraseControl(ctx, me, partner) {
  const open = h('button', { type: 'button', class: 'btn btn-secondary btn-danger', testid: 'partner-erase', 'aria-expanded': 'false', 'aria-controls': 'partner-erase-confirm' }, t('partnerErase'));
  const confirm = h('button', { type: 'button', class: 'btn btn-danger', testid: 'partner-erase-confirm' }, t('partnerEraseConfirm', { name: partner.name }));
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'partner-erase-cancel' }, t('partnerEraseCancel'));
  const slot = h('div');
  const titleId = 'partner-erase-title';
  const panel = h(
    'div',
    { class: 'notice notice-warn erase-confirm', id: 'partner-erase-confirm', role: 'group', 'aria-labelledby': titleId, tabindex: '-1', hidden: true, testid: 'partner-erase-panel' },
    h('p', { class: 'notice-title', id: titleId }, t('partnerEraseTitle', { name: partner.name })),
    h('ul', null, ['partnerEraseContact', 'partnerEraseAccounts', 'partnerEraseProfile', 'partnerEraseStories'].map((key) => h('li', null, t(/** @type {import('../../lang.js').TextKey} */ (key))))),
    h('p', null, t('partnerEraseKept')),
    h('p', null, h('strong', null, t('partnerEraseFinal'))),
    h('p', { class: 'buttons' }, confirm, ' ', cancel),
    slot,
  );
  const show = (/** @type {boolean} */ shown) => {
    panel.hidden = !shown;
    open.setAttribute('aria-expanded', String(shown));
    (shown ? panel : open).focus();
  };
  open.addEventListener('click', () => show(true));
  cancel.addEventListener('click', () => show(false));
  confirm.addEventListener('click', async () => {
    // The page is shown anew after the erasure: unsaved edits of the profile would be lost.
    if (!mayLeave()) return;
    confirm.disabled = true;
    slot.replaceChildren();
    try {
      const erased = (await gql(partnersQueries.ERASE_PARTNER, { id: partner.id }, { signedIn: true })).erasePartner;
      if (!ctx.current()) return;
      // The form being left is gone: its guard must not ask about it any more.
      forgetUnsaved();
      replaceAddress(routeHref(['team', 'partners', erased.partner.slug]));
      const stories = erased.storiesToReview;
      await partnerPage(
        ctx,
        me,
        erased.partner.slug,
        t('partnerErased'),
        stories.length
          ? [h('p', null, t('partnerErasedStories')), h('ul', { testid: 'partner-stories-to-review' }, stories.map((/** @type {any} */ s) => h('li', null, routeLink(['team', 'verhalen', s.slug], s.title))))]
          : null,
      );
    } catch (err) {
      confirm.disabled = false;
      slot.replaceChildren(errorBox(err, null, false));
    }
  });
  return h('div', { class: 'erase' }, h('p', null, open), panel);
}
