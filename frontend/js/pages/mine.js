// @ts-check
// Mijn LODE: the signed-in account, its organisation's standing (a refusal with the team's reason), its
// profile to edit, the cases that fit it (mine-cases.js), its invitations and registrations, its success
// stories (mine-stories.js), its member accounts (mine-members.js), the account itself (mine-account.js),
// and the team's tools.

import { accountFor, onTeam } from '../account.js';
import { gql } from '../api.js';
import { h, routeLink, setMain, setTitle, timeEl } from '../dom.js';
import { apiLanguage, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { rerender } from '../router.js';
import { endSession } from '../session.js';
import { eventWhen, formatDay, parseDate } from '../time.js';
import { chip, cityChips } from '../ui/chips.js';
import { replaceFocused } from '../ui/forms.js';
import { recordForm } from '../ui/editor.js';
import { definitionList, errorBox, pageTitle, section } from '../ui/frame.js';
import * as partnersQueries from '../queries/partners.js';
import { partnerFields, partnerValues } from './partner-form.js';
import { ownCalendarButton, qrCode } from '../ui/registration.js';
import { myAccount } from './mine-account.js';
import { matchingCases } from './mine-cases.js';
import { ourMembers, readMembers } from './mine-members.js';
import { ourStories } from './mine-stories.js';

/** For admins: the partners waiting for approval, each with a button to approve it. */
async function pendingPartners() {
  let partners;
  try {
    ({ partners } = await gql(queries.PENDING_PARTNERS, {}, { signedIn: true }));
  } catch (err) {
    return errorBox(err, () => rerender(), false);
  }
  if (!partners.nodes.length) return h('p', { class: 'muted empty', testid: 'pending-list-empty' }, t('noPending'));
  return h(
    'ul',
    { class: 'cards', testid: 'pending-list' },
    partners.nodes.map((p) => {
      const approve = h('button', { type: 'button', class: 'btn', testid: 'approve-partner', 'aria-label': `${t('approve')}: ${p.name}` }, t('approve'));
      const item = h(
        'li',
        { class: 'card', testid: 'pending-item' },
        h(
          'div',
          { class: 'card-body' },
          h('h3', { class: 'card-title' }, p.name),
          h('p', { class: 'chips' }, chip(label('StakeholderType', p.stakeholderType), 'format'), p.homeCity ? cityChips([p.homeCity]) : null),
          h('p', null, approve),
        ),
      );
      approve.addEventListener('click', async () => {
        approve.disabled = true;
        try {
          await gql(queries.APPROVE_PARTNER, { id: p.id }, { signedIn: true });
          replaceFocused(approve, h('span', { class: 'notice', 'data-status': 'APPROVED' }, t('approved')));
        } catch (err) {
          replaceFocused(approve, errorBox(err, () => rerender(), false));
        }
      });
      return item;
    }),
  );
}

/**
 * Renders `#/mijn`.
 * @param {import('../router.js').RenderContext} ctx
 */
export async function pageMine(ctx) {
  setTitle(t('mineTitle'));
  const me = await accountFor(ctx, '#/mijn');
  if (!me || !ctx.current()) return;
  const signOut = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'sign-out' }, t('signOut'));
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try {
      await gql(queries.SIGN_OUT, {}, { signedIn: true });
    } catch (_) {
      /* the session is forgotten here either way */
    }
    endSession();
    location.hash = '#/';
  });
  const partner = me.partner;
  const pending = me.role === 'ADMIN' ? await pendingPartners() : null;
  const own = partner && !partner.erasedAt ? partner : null;
  // Cases and stories are for an approved organisation; its profile and accounts are its own from sign-up on.
  const approved = own && own.status === 'APPROVED' ? own : null;
  const [profile, cases, stories, members] = await Promise.all([
    own ? ownProfile(own.id) : null,
    approved ? matchingCases(approved.id) : null,
    approved ? ourStories(approved.id) : null,
    own ? readMembers(own.id) : null,
  ]);
  // Whether this is the organisation's last active account (deleting it then erases the organisation);
  // null when the members could not be read, so the page does not guess.
  const lastAccount = !members ? false : 'members' in members ? members.members.filter((m) => m.active).length <= 1 : null;
  const account = await myAccount(me, own ? { name: own.name, lastAccount } : null);
  if (!ctx.current()) return;
  setMain(
    pageTitle(t('mineTitle'), t('signedInAs', { email: me.email })),
    definitionList([
      [t('role'), h('span', { testid: 'account-role' }, label('Role', me.role))],
      [t('cities'), me.cities.length ? me.cities.map((c) => label('City', c)).join(', ') : null],
      [
        t('organisation'),
        partner
          ? partner.status === 'APPROVED'
            ? routeLink(['partners', partner.slug], partner.name)
            : [partner.name, ' ', chip(label('PartnerStatus', partner.status), 'muted')]
          : null,
      ],
    ]),
    partner ? standing(partner) : null,
    profile ? section(t('mineProfile'), 'my-profile', profile) : null,
    cases ? section(t('mineCases'), 'my-cases', cases) : null,
    partner ? section(t('myInvitations'), 'my-invitations', myInvitations(partner.memberships)) : null,
    partner ? section(t('myRegistrations'), 'my-registrations', myRegistrations(partner.registrations)) : null,
    stories ? section(t('mineStories'), 'my-stories', stories) : null,
    members && own ? section(t('mineMembers'), 'my-members', ourMembers(members, { id: own.id, approved: own.status === 'APPROVED' })) : null,
    onTeam(me)
      ? h(
          'p',
          { class: 'chips' },
          routeLink(['team'], t('teamTitle'), { class: 'btn', testid: 'team-link' }),
          ' ',
          routeLink(['deur'], t('doorTitle'), { class: 'btn btn-secondary', testid: 'door-link' }),
        )
      : null,
    onTeam(me) ? h('p', { class: 'muted', testid: 'team-note' }, t('teamNote')) : null,
    pending ? section(t('pendingTitle'), 'pending-partners', pending) : null,
    section(t('mineAccount'), 'my-account', account),
    h('p', null, signOut),
  );
}

/**
 * Where the organisation stands with the team: waiting for approval, or refused with the team's reason.
 * @param {NonNullable<import('../account.js').Account['partner']>} partner
 */
function standing(partner) {
  if (partner.status === 'PENDING') return h('p', { class: 'notice', testid: 'my-pending' }, t('minePending'));
  if (partner.status !== 'REFUSED') return null;
  return h(
    'div',
    { class: 'notice notice-warn', role: 'status', testid: 'my-refusal' },
    h('p', { class: 'notice-title' }, t('mineRefusedTitle')),
    partner.refusal
      ? [
          h('p', null, t('mineRefusedReason')),
          h('blockquote', { class: 'refusal-reason', testid: 'my-refusal-reason' }, partner.refusal.reason),
          h('p', { class: 'muted small' }, t('mineRefusedOn', { d: formatDay(partner.refusal.refusedAt) })),
        ]
      : null,
  );
}

/**
 * The organisation's profile as its members change it: description, website, what it can do, the data it
 * offers and needs, its interests and its private contact (the team keeps its name, type and city).
 * @param {string} id the partner's id
 */
async function ownProfile(id) {
  let data;
  try {
    data = await gql(partnersQueries.OWN_PROFILE, { id, language: apiLanguage() }, { signedIn: true });
  } catch (err) {
    return errorBox(err, () => rerender(), false);
  }
  const partner = data.partner;
  if (!partner) return null;
  return [
    h('p', { class: 'muted' }, t('mineProfileIntro')),
    recordForm({
      name: 'my-profile',
      fields: partnerFields({ formName: 'my-profile', domains: data.valueDomains.nodes, interests: partner.interests, vocabulary: data.matchingVocabulary, identity: false }),
      values: partnerValues(partner),
      updatedAt: partner.updatedAt,
      save: async (input, read) => (await gql(partnersQueries.SAVE_PARTNER, { input: { ...input, id: partner.id, expectedUpdatedAt: read } }, { signedIn: true })).updatePartner.partner,
    }),
  ];
}

/**
 * The organisation's registrations, each with its code or waitlist place: coming events first (the soonest
 * on top), then past ones (the latest on top).
 * @param {import('../account.js').Registration[]} registrations
 */
function myRegistrations(registrations) {
  const startOf = (r) => parseDate(r.event.startsAtLocal)?.getTime() ?? 0;
  const now = Date.now();
  const live = registrations.filter((r) => r.status !== 'CANCELLED');
  const shown = [
    ...live.filter((r) => startOf(r) > now).sort((a, b) => startOf(a) - startOf(b)),
    ...live.filter((r) => startOf(r) <= now).sort((a, b) => startOf(b) - startOf(a)),
  ];
  if (!shown.length) return h('p', { class: 'muted empty', testid: 'registration-list-empty' }, t('noRegistrations'));
  return h(
    'ul',
    { class: 'cards', testid: 'registration-list' },
    shown.map((r) => {
      const upcoming = startOf(r) > now;
      // Cancelling gives the seat away to the waitlist at once, so it asks once more.
      const cancel = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'cancel-registration', 'aria-label': `${t('cancelRegistration')}: ${r.event.title}` }, t('cancelRegistration'));
      const confirm = h('button', { type: 'button', class: 'btn', testid: 'confirm-cancel', 'aria-label': `${t('cancelConfirm')}: ${r.event.title}` }, t('cancelConfirm'));
      const keep = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'keep-registration', 'aria-label': `${t('cancelKeep')}: ${r.event.title}` }, t('cancelKeep'));
      const question = h('div', { class: 'confirm', role: 'group', 'aria-label': `${t('cancelRegistration')}: ${r.event.title}` }, h('p', null, t('cancelQuestion')), h('p', { class: 'buttons' }, confirm, ' ', keep));
      cancel.addEventListener('click', () => {
        cancel.replaceWith(question);
        keep.focus();
      });
      keep.addEventListener('click', () => {
        question.replaceWith(cancel);
        cancel.focus();
      });
      confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        keep.disabled = true;
        try {
          await gql(queries.CANCEL_REGISTRATION, { id: r.id }, { signedIn: true });
          rerender();
        } catch (err) {
          replaceFocused(question, errorBox(err, () => rerender(), false));
        }
      });
      return h(
        'li',
        { class: 'card', testid: 'registration-item', 'data-status': r.status },
        h(
          'div',
          { class: 'card-body' },
          h('h3', { class: 'card-title' }, routeLink(['events', r.event.slug], r.event.title)),
          h('p', { class: 'card-meta' }, timeEl(r.event.startsAtLocal, eventWhen(r.event, true))),
          h('p', { class: 'chips' }, chip(label('RegistrationStatus', r.status), r.status === 'WAITLISTED' ? 'muted' : 'format'), r.eventCancelled ? chip(label('EventStatus', 'CANCELLED'), 'warn') : null),
          r.status === 'CONFIRMED' && r.code ? h('p', { class: 'registration-code', testid: 'registration-code' }, t('registrationCode', { code: r.code })) : null,
          r.people.length ? h('p', { class: 'small', testid: 'registration-people' }, t('registeredPeople', { names: r.people.map((p) => p.name).join(', ') })) : null,
          r.status === 'CONFIRMED' && r.code && r.codeQr ? qrCode(r.codeQr, r.code) : null,
          r.status === 'CONFIRMED' && r.code ? ownCalendarButton(r, r.event.title) : null,
          r.status === 'WAITLISTED' && r.waitlistPosition ? h('p', { testid: 'waitlist-place' }, t('waitlistPlace', { n: r.waitlistPosition })) : null,
          upcoming && !r.eventCancelled && (r.status === 'CONFIRMED' || r.status === 'WAITLISTED') ? h('p', null, cancel) : null,
        ),
      );
    }),
  );
}

/**
 * A partner's open invitations to pilot cases, each to accept or decline.
 * @param {import('../account.js').Membership[]} memberships
 */
function myInvitations(memberships) {
  const open = memberships.filter((m) => m.status === 'INVITED');
  if (!open.length) return h('p', { class: 'muted empty', testid: 'invitation-list-empty' }, t('noInvitations'));
  return h(
    'ul',
    { class: 'rows', testid: 'invitation-list' },
    open.map((m) => {
      const answer = (status) => async () => {
        for (const b of buttons.querySelectorAll('button')) b.disabled = true;
        try {
          await gql(queries.ANSWER_INVITATION, { id: m.id, read: m.updatedAt, status }, { signedIn: true });
          rerender();
        } catch (err) {
          replaceFocused(buttons, errorBox(err, () => rerender(), false));
        }
      };
      const buttons = h(
        'span',
        { class: 'chips' },
        h('button', { type: 'button', class: 'btn btn-small', testid: 'accept-invitation', 'aria-label': `${t('accept')}: ${m.pilotCase.title}`, onclick: answer('ACCEPTED') }, t('accept')),
        h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'decline-invitation', 'aria-label': `${t('decline')}: ${m.pilotCase.title}`, onclick: answer('DECLINED') }, t('decline')),
      );
      return h(
        'li',
        { class: 'row', testid: 'invitation-item' },
        h('span', { class: 'row-main' }, routeLink(['cases', m.pilotCase.slug], m.pilotCase.title), h('span', { class: 'muted small' }, ' · ' + t('asRole', { role: label('MemberRole', m.role) }))),
        buttons,
      );
    }),
  );
}
