// @ts-check
// Mijn LODE, the signed-in account itself: a new password, the consents given (each to withdraw), a copy of
// everything stored about it (the GDPR's right of access, saved as a JSON file), and deleting it, with what
// that erases said first (for a partner's last account, the partner too).

import { ApiError, gql, saveFile } from '../api.js';
import { announce, h, routeHref } from '../dom.js';
import { label, t } from '../lang.js';
import * as queries from '../queries.js';
import * as portal from '../queries/portal.js';
import { forgetUnsaved, mayLeave, navigate, rerender } from '../router.js';
import { endSession, startSession } from '../session.js';
import { formatDay } from '../time.js';
import { formError, formInput, inputField, replaceFocused } from '../ui/forms.js';
import { errorBox } from '../ui/frame.js';

/**
 * The account's part of Mijn LODE.
 * @param {{ email: string }} me
 * @param {{ name: string, lastAccount: boolean | null } | null} partner the account's partner, and whether this
 *   is its last active account (deleting it then erases the partner; null when that could not be read)
 */
export async function myAccount(me, partner) {
  return [
    h('h3', null, t('passwordTitle')),
    passwordForm(me.email),
    h('h3', null, t('consentsTitle')),
    await myConsents(),
    h('h3', null, t('myDataTitle')),
    myData(),
    h('h3', null, t('deleteTitle')),
    deletion(partner),
  ];
}

/**
 * Changing the password. The API ends every session of the account, this one too: the page signs in again
 * with the new password, so the user carries on where they were.
 * @param {string} email
 */
function passwordForm(email) {
  const status = h('div', { class: 'form-status', testid: 'password-status' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'password-submit' }, t('passwordChange'));
  const form = h(
    'form',
    { class: 'form', novalidate: true, testid: 'password-form' },
    inputField('password', 'current', t('passwordCurrent'), { type: 'password', field: 'currentPassword', autocomplete: 'current-password', maxlength: 256 }),
    inputField('password', 'next', t('newPasswordLabel'), { type: 'password', field: 'newPassword', autocomplete: 'new-password', minlength: 12, maxlength: 256, 'aria-describedby': 'password-next-help' }),
    h('p', { id: 'password-next-help', class: 'muted small' }, t('newPasswordHelp')),
    h('p', { class: 'buttons' }, submit),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const current = formInput(form, 'current').value;
    const next = formInput(form, 'next').value;
    submit.disabled = true;
    status.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('saving')));
    try {
      await gql(queries.CHANGE_PASSWORD, { current, next }, { signedIn: true });
    } catch (err) {
      formError(form, status, err);
      if (err instanceof ApiError && err.code === 'VALIDATION' && err.field === 'newPassword') {
        status.querySelector('.notice')?.append(' ', h('span', { testid: 'password-weak' }, t('newPasswordWeak')));
      }
      submit.disabled = false;
      return;
    }
    // Changed, and every session with it: sign in again with the new password, or, should that fail (a
    // rate limit, say), say so and ask for it on the sign-in page.
    try {
      const { login } = await gql(queries.SIGN_IN, { email, password: next });
      startSession(login.token);
      form.reset();
      status.replaceChildren(h('p', { class: 'notice', role: 'status', testid: 'password-changed' }, t('passwordChanged')));
      announce(t('passwordChanged'));
    } catch (_) {
      endSession();
      forgetUnsaved();
      navigate(routeHref(['aanmelden'], { sessie: 'wachtwoord' }));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The account's consents, newest first, each one that still holds with a button to withdraw it. */
async function myConsents() {
  let me;
  try {
    ({ me } = await gql(portal.MY_CONSENTS, {}, { signedIn: true }));
  } catch (err) {
    return errorBox(err, () => rerender(), false);
  }
  const consents = me ? me.consents : [];
  if (!consents.length) return h('p', { class: 'muted empty', testid: 'consent-list-empty' }, t('noConsents'));
  return h(
    'ul',
    { class: 'rows', testid: 'consent-list' },
    consents.map((/** @type {any} */ c) => {
      const withdraw = h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'withdraw-consent', 'aria-label': `${t('consentWithdraw')}: ${label('ConsentPurpose', c.purpose)}` }, t('consentWithdraw'));
      withdraw.addEventListener('click', async () => {
        withdraw.disabled = true;
        try {
          await gql(portal.WITHDRAW_CONSENT, { purpose: c.purpose }, { signedIn: true });
          announce(t('consentWithdrawn'));
          // Redrawn to show it, unless a form elsewhere on the page holds changes the user keeps.
          if (mayLeave()) rerender();
          else replaceFocused(withdraw, h('span', { class: 'small', role: 'status' }, t('consentWithdrawn')));
        } catch (err) {
          replaceFocused(withdraw, errorBox(err, () => rerender(), false));
        }
      });
      return h(
        'li',
        { class: 'row', testid: 'consent-item', 'data-purpose': c.purpose, 'data-active': String(c.active) },
        h(
          'span',
          { class: 'row-main' },
          label('ConsentPurpose', c.purpose),
          h('span', { class: 'block small muted' }, t('consentGiven', { d: formatDay(c.givenAt), v: c.textVersion })),
          c.withdrawnAt ? h('span', { class: 'block small muted', testid: 'consent-withdrawn' }, t('consentWithdrawnOn', { d: formatDay(c.withdrawnAt) })) : null,
        ),
        // The terms hold as long as the account does: leaving them is deleting the account (below).
        c.active && c.purpose !== 'TERMS' ? withdraw : null,
        c.active && c.purpose === 'TERMS' ? h('span', { class: 'small muted', testid: 'terms-stay' }, t('consentTermsStay')) : null,
      );
    }),
  );
}

/** A copy of everything stored about the account and its partner, saved as a JSON file. */
function myData() {
  const button = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'export-my-data' }, t('myDataDownload'));
  const status = h('div', { class: 'form-status', testid: 'export-status' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { exportMyData } = await gql(portal.EXPORT_MY_DATA, {}, { signedIn: true });
      const name = `lode-mijn-gegevens-${new Date().toISOString().slice(0, 10)}.json`;
      saveFile(new Blob([JSON.stringify(exportMyData, null, 2)], { type: 'application/json' }), name);
      status.replaceChildren(h('p', { class: 'notice', role: 'status', testid: 'export-saved' }, t('myDataSaved', { name })));
    } catch (err) {
      status.replaceChildren(errorBox(err, null, false));
    } finally {
      button.disabled = false;
    }
  });
  return [h('p', null, t('myDataIntro')), h('p', null, button), status];
}

/**
 * Deleting the account: what it erases first, then a question before it is done. Once deleted, the session
 * is gone: the page goes home.
 * @param {{ name: string, lastAccount: boolean | null } | null} partner
 */
function deletion(partner) {
  const start = h('button', { type: 'button', class: 'btn btn-danger', testid: 'delete-account' }, t('deleteButton'));
  const confirm = h('button', { type: 'button', class: 'btn btn-danger', testid: 'confirm-delete-account' }, t('deleteConfirm'));
  const keep = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'keep-account' }, t('deleteKeep'));
  const question = h('div', { class: 'confirm', role: 'group', 'aria-label': t('deleteTitle') }, h('p', null, t('deleteQuestion')), h('p', { class: 'buttons' }, confirm, ' ', keep));
  start.addEventListener('click', () => {
    start.replaceWith(question);
    keep.focus();
  });
  keep.addEventListener('click', () => {
    question.replaceWith(start);
    start.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    keep.disabled = true;
    try {
      await gql(portal.DELETE_MY_ACCOUNT, {}, { signedIn: true });
      endSession();
      announce(t('deleted'));
      // The account is gone: nothing on this page can be saved any more.
      forgetUnsaved();
      location.hash = '#/';
    } catch (err) {
      replaceFocused(question, errorBox(err, () => rerender(), false));
    }
  });
  return h(
    'div',
    { testid: 'account-deletion' },
    h('p', null, t('deleteIntro')),
    h('ul', null, h('li', null, t('deleteAccountItem')), h('li', null, t('deleteSessionsItem')), h('li', null, t('deleteConsentsItem'))),
    !partner
      ? null
      : partner.lastAccount === null
        ? h('p', { class: 'notice notice-warn', testid: 'delete-partner-unknown' }, t('deleteMaybeLast', { name: partner.name }))
        : partner.lastAccount
          ? h('p', { class: 'notice notice-warn', testid: 'delete-erases-partner' }, t('deleteLastMember', { name: partner.name }))
          : h('p', { testid: 'delete-partner-stays' }, t('deleteOthersStay')),
    h('p', null, start),
  );
}
