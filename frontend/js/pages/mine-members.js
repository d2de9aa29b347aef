// @ts-check
// Mijn LODE, the organisation's member accounts: who signs in for it (their addresses are for its own
// members only), each but the last active one to remove. Inviting a colleague waits for the mail outbox.

import { gql } from '../api.js';
import { announce, h } from '../dom.js';
import { t } from '../lang.js';
import * as portal from '../queries/portal.js';
import { mayLeave, rerender } from '../router.js';
import { formatDay } from '../time.js';
import { chip } from '../ui/chips.js';
import { replaceFocused } from '../ui/forms.js';
import { errorBox } from '../ui/frame.js';

/** @typedef {{ id: string, email: string, active: boolean, isViewer: boolean, createdAt: string }} Member */

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
 * The organisation's accounts, each with a way to remove it while another active one stays (the API refuses
 * the last with CONFLICT: the page offers no button it would refuse).
 * @param {{ members: Member[] } | { error: unknown }} read what `readMembers` answered
 */
export function ourMembers(read) {
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
        // through its deletion (under "Your account"), which says what it erases.
        const removable = !m.isViewer && (!m.active || active > 1);
        return h(
          'li',
          { class: 'row', testid: 'member-item', 'data-email': m.email },
          h(
            'span',
            { class: 'row-main' },
            m.email,
            m.isViewer ? [' ', chip(t('memberYou'), 'info')] : null,
            m.active ? null : [' ', chip(t('memberInactive'), 'muted')],
            h('span', { class: 'block small muted' }, t('memberSince', { d: formatDay(m.createdAt) })),
          ),
          removable ? removeControl(m) : null,
        );
      }),
    ),
    active <= 1 ? h('p', { class: 'muted small', testid: 'member-last-note' }, t('memberLastNote')) : null,
    h('p', { class: 'muted small', testid: 'member-invite-note' }, t('mineMembersInvite')),
  ];
}

/**
 * A button to remove an account, which asks once more first.
 * @param {Member} m
 */
function removeControl(m) {
  const remove = h('button', { type: 'button', class: 'btn btn-small btn-secondary btn-danger', testid: 'remove-member', 'aria-label': `${t('memberRemove')}: ${m.email}` }, t('memberRemove'));
  const confirm = h('button', { type: 'button', class: 'btn btn-small btn-danger', testid: 'confirm-remove-member', 'aria-label': `${t('memberRemoveConfirm')}: ${m.email}` }, t('memberRemoveConfirm'));
  const keep = h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'keep-member', 'aria-label': `${t('memberRemoveKeep')}: ${m.email}` }, t('memberRemoveKeep'));
  const question = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-label': `${t('memberRemove')}: ${m.email}` },
    h('p', null, t('memberRemoveQuestion', { email: m.email })),
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
      await gql(portal.REMOVE_MEMBER, { id: m.id }, { signedIn: true });
      announce(t('memberRemoved', { email: m.email }));
      // Redrawn to show it, unless a form elsewhere on the page holds changes the user keeps.
      if (mayLeave()) rerender();
      else replaceFocused(question, h('span', { class: 'small', role: 'status' }, t('memberRemoved', { email: m.email })));
    } catch (err) {
      replaceFocused(question, errorBox(err, () => rerender(), false));
    }
  });
  return remove;
}
