// @ts-check
// Mijn LODE, the organisation's member accounts: who signs in for it (their addresses are for its own
// members only), each but the last active one to remove; inviting a colleague by e-mail, and the invitations
// not yet accepted, to send again or withdraw.

import { gql } from '../api.js';
import { announce, h } from '../dom.js';
import { apiLanguage, t } from '../lang.js';
import * as portal from '../queries/portal.js';
import { mayLeave, render, rerender } from '../router.js';
import { formatDay } from '../time.js';
import { chip } from '../ui/chips.js';
import { enumField, formError, formInput, inputField, replaceFocused } from '../ui/forms.js';
import { errorBox } from '../ui/frame.js';

/** @typedef {{ id: string, email: string, active: boolean, invitedAt: string | null, isViewer: boolean, createdAt: string }} Member */

/**
 * The partner's member accounts, or the error that kept them from being read.
 * @param {string} partnerId
 * @returns {Promise<{ members: Member[] } | { error: unknown }>}
 */
export async function readMembers(partnerId) {
  try {
    const { partner } = await gql(portal.OUR_MEMBERS, { id: partnerId }, { signedIn: true });
    return { members: (partner && partner.accounts) || [] };
  } catch (error) {
    return { error };
  }
}

/**
 * Redraws the page to show a change, with the focus on the control `focusId` and `message` said once the
 * page is drawn, unless a form elsewhere on it holds changes the user keeps (then nothing is redrawn).
 * @param {string} focusId
 * @param {string} message
 */
async function redrawIfFree(focusId, message) {
  if (!mayLeave()) return false;
  await render({ focusId });
  announce(message);
  return true;
}

/**
 * The organisation's accounts, each with a way to remove it while another active one stays (the API refuses
 * the last with CONFLICT: the page offers no button it would refuse), its open invitations, and the form that
 * invites a colleague (once the team approved the organisation: before that the API refuses it).
 * @param {{ members: Member[] } | { error: unknown }} read what `readMembers` answered
 * @param {{ id: string, approved: boolean }} partner the organisation
 */
export function ourMembers(read, partner) {
  if ('error' in read) return errorBox(read.error, () => rerender(), false);
  const { members } = read;
  const active = members.filter((m) => m.active).length;
  return [
    h('p', { class: 'muted' }, t('mineMembersIntro')),
    h(
      'ul',
      { class: 'rows', testid: 'member-list' },
      members.map((m) => {
        // Another active account must stay to sign in for the organisation; one's own account leaves
        // through its deletion (under "Your account"), which says what it erases. An invitation goes any time.
        const removable = !m.isViewer && (!m.active || active > 1);
        return h(
          'li',
          { class: 'row', testid: 'member-item', 'data-email': m.email },
          h(
            'span',
            { class: 'row-main' },
            m.email,
            m.isViewer ? [' ', chip(t('memberYou'), 'info')] : null,
            m.invitedAt ? [' ', chip(t('memberInvited'), 'info', 'member-invited')] : m.active ? null : [' ', chip(t('memberInactive'), 'muted')],
            h('span', { class: 'block small muted' }, m.invitedAt ? t('memberInvitedOn', { d: formatDay(m.invitedAt) }) : t('memberSince', { d: formatDay(m.createdAt) })),
          ),
          m.invitedAt ? h('span', { class: 'buttons' }, partner.approved ? [sendAgainControl(partner.id, m), ' '] : null, removeControl(m)) : removable ? removeControl(m) : null,
        );
      }),
    ),
    active <= 1 ? h('p', { class: 'muted small', testid: 'member-last-note' }, t('memberLastNote')) : null,
    partner.approved ? inviteForm(partner.id) : h('p', { class: 'muted small', testid: 'member-invite-later' }, t('mineMembersInviteLater')),
  ];
}

/**
 * The form that invites a colleague by address, in the language chosen (this page's by default).
 * @param {string} partnerId
 */
function inviteForm(partnerId) {
  const error = h('div', { role: 'alert' });
  const status = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'member-invite-submit' }, t('memberInviteButton'));
  const language = enumField('member-invite', 'language', t('memberInviteLanguage'), 'Language');
  /** @type {HTMLSelectElement} */ (language.querySelector('select')).value = apiLanguage();
  const form = h(
    'form',
    { class: 'form-stack', testid: 'member-invite-form', 'aria-labelledby': 'member-invite-title' },
    h('h3', { id: 'member-invite-title' }, t('memberInviteTitle')),
    h('p', { class: 'muted small' }, t('memberInviteIntro')),
    inputField('member-invite', 'email', t('memberInviteEmail'), { type: 'email', maxlength: 254, autocomplete: 'off' }),
    language,
    error,
    status,
    h('p', null, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = formInput(form, 'email').value.trim();
    if (!email) return;
    submit.disabled = true;
    submit.textContent = t('memberInviteSending');
    error.replaceChildren();
    status.replaceChildren();
    try {
      const { invitePartnerMember } = await gql(portal.INVITE_MEMBER, { partnerId, email, language: formInput(form, 'language').value }, { signedIn: true });
      const said = t(invitePartnerMember.sent ? 'memberInviteSent' : 'memberInviteRecent', { email });
      if (await redrawIfFree('member-invite-email', said)) return;
      announce(said);
      form.reset();
      status.replaceChildren(h('p', { class: 'notice', testid: 'member-invite-sent' }, said));
    } catch (err) {
      formError(form, error, err);
    }
    submit.disabled = false;
    submit.textContent = t('memberInviteButton');
  });
  return form;
}

/**
 * A button that sends an open invitation's message again (the API sends at most one in five minutes).
 * @param {string} partnerId
 * @param {Member} m
 */
function sendAgainControl(partnerId, m) {
  const button = h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'invite-again', 'aria-label': `${t('memberInviteAgain')}: ${m.email}` }, t('memberInviteAgain'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { invitePartnerMember } = await gql(portal.INVITE_MEMBER, { partnerId, email: m.email, language: null }, { signedIn: true });
      const sent = invitePartnerMember.sent;
      replaceFocused(button, h('span', { class: 'small', role: 'status', testid: 'invite-again-sent', 'data-sent': String(sent) }, t(sent ? 'memberInviteSent' : 'memberInviteRecent', { email: m.email })));
    } catch (err) {
      replaceFocused(button, errorBox(err, () => rerender(), false));
    }
  });
  return button;
}

/**
 * A button to remove an account or withdraw an invitation, which asks once more first.
 * @param {Member} m
 */
function removeControl(m) {
  const words = m.invitedAt
    ? { act: t('memberWithdraw'), question: t('memberWithdrawQuestion', { email: m.email }), confirm: t('memberWithdrawConfirm'), done: t('memberWithdrawn', { email: m.email }) }
    : { act: t('memberRemove'), question: t('memberRemoveQuestion', { email: m.email }), confirm: t('memberRemoveConfirm'), done: t('memberRemoved', { email: m.email }) };
  const remove = h('button', { type: 'button', class: 'btn btn-small btn-secondary btn-danger', testid: 'remove-member', 'aria-label': `${words.act}: ${m.email}` }, words.act);
  const confirm = h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'confirm-remove-member', 'aria-label': `${words.confirm}: ${m.email}` }, words.confirm);
  const keep = h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'keep-member', 'aria-label': `${t('memberRemoveKeep')}: ${m.email}` }, t('memberRemoveKeep'));
  const question = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-label': `${words.act}: ${m.email}` },
    h('p', null, words.question),
    h('p', { class: 'buttons' }, confirm, ' ', keep),
  );
  remove.addEventListener('click', () => {
    remove.replaceWith(question);
    keep.focus();
  });
  keep.addEventListener('click', () => {
    question.replaceWith(remove);
    remove.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    keep.disabled = true;
    try {
      if (m.invitedAt) await gql(portal.WITHDRAW_INVITATION, { id: m.id }, { signedIn: true });
      else await gql(portal.REMOVE_MEMBER, { id: m.id }, { signedIn: true });
      if (await redrawIfFree('member-invite-email', words.done)) return;
      announce(words.done);
      replaceFocused(question, h('span', { class: 'small', role: 'status' }, words.done));
    } catch (err) {
      replaceFocused(question, errorBox(err, () => rerender(), false));
    }
  });
  return remove;
}
