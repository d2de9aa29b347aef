// @ts-check
// `#/team/accounts`, for admins: finding an account by a part of its address or by its role, making a
// coordinator's account with a temporary password, giving an account a new temporary password, and
// deactivating and reactivating accounts. The API applies the rules (only admins; not one's own account; not
// the last active admin); the page leaves out what it would refuse.

import { ApiError, gql } from '../../api.js';
import { announce, h, routeHref, setMain, setTitle } from '../../dom.js';
import { enumValues, label, t } from '../../lang.js';
import * as accountQueries from '../../queries/accounts.js';
import { navigate, rerender } from '../../router.js';
import { formatInstant } from '../../time.js';
import { chip, cityChips } from '../../ui/chips.js';
import { formError, formInput, inputField } from '../../ui/forms.js';
import { errorBox, pageTitle, section } from '../../ui/frame.js';
import { pager } from '../../ui/lists.js';

/** What the last change on the page said, for the page rendered after it (a creation shows its account). */
let notice = '';

/** How many temporary-password forms the page opened, for their ids. */
let formsOpened = 0;

/** How many accounts a page of the table holds. */
const PAGE = 50;
/** The page's route. */
const ROUTE = ['team', 'accounts'];

/**
 * An account as the table shows it (`AccountRow` in queries/accounts.js).
 * @typedef {object} AccountRow
 * @property {string} id
 * @property {string} email
 * @property {'ADMIN' | 'COORDINATOR' | 'PARTNER'} role
 * @property {string[]} cities
 * @property {{ name: string } | null} partner
 * @property {boolean} active
 * @property {string | null} deactivatedAt
 * @property {string | null} invitedAt
 * @property {boolean} mustChangePassword
 * @property {string} createdAt
 */

/**
 * The filter in the address: a part of the e-mail address (`zoek`) and a role (`rol`).
 * @param {import('../../router.js').Params} params
 */
function filterOf(params) {
  const text = (params.zoek || '').trim().slice(0, 254);
  const role = enumValues('Role').includes(params.rol) ? params.rol : null;
  return { text, role };
}

/**
 * The search form: a part of the address and a role; submitting it puts both in the address.
 * @param {{ text: string, role: string | null }} filter
 */
function searchForm(filter) {
  const input = h('input', { id: 'accounts-search', name: 'zoek', type: 'search', value: filter.text, maxlength: 254, testid: 'accounts-search' });
  const role = h(
    'select',
    { id: 'accounts-role', name: 'rol', testid: 'accounts-role' },
    h('option', { value: '' }, t('accountsAnyRole')),
    enumValues('Role').map((v) => h('option', { value: v, selected: v === filter.role }, label('Role', v))),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('accountsSearchLabel'), testid: 'accounts-filters' },
    h('div', { class: 'field' }, h('label', { for: 'accounts-search' }, t('accountsSearch')), input),
    h('div', { class: 'field' }, h('label', { for: 'accounts-role' }, t('role')), role),
    h('p', { class: 'field' }, h('button', { type: 'submit', class: 'btn', testid: 'accounts-search-submit' }, t('accountsSearchButton'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    /** @type {Record<string, string>} */
    const next = {};
    if (input.value.trim()) next.zoek = input.value.trim();
    if (role.value) next.rol = role.value;
    navigate(routeHref(ROUTE, next), 'accounts-search');
  });
  return form;
}

/**
 * What an account may do and whether it may sign in, as chips.
 * @param {AccountRow} account
 */
function statusCell(account) {
  return h(
    'td',
    { testid: 'account-status', 'data-active': String(account.active), 'data-must-change': String(account.mustChangePassword) },
    account.active ? chip(t('accountActive'), 'ok') : account.invitedAt ? chip(t('accountInvited'), 'info', 'account-invited') : chip(t('accountDeactivated'), 'muted'),
    account.deactivatedAt ? h('span', { class: 'muted small' }, ' ', t('accountDeactivatedAt', { when: formatInstant(account.deactivatedAt) })) : null,
    account.mustChangePassword ? [' ', chip(t('accountTemporary'), 'warn')] : null,
  );
}

/**
 * The form, inside a row, that gives its account a temporary password.
 * @param {AccountRow} account
 * @param {(saved: AccountRow, message: string) => void} done
 * @param {() => void} cancel
 */
function temporaryPasswordForm(account, done, cancel) {
  const slot = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-small', testid: 'temporary-password-submit', 'aria-label': `${t('accountsSetTemporary')}: ${account.email}` }, t('accountsSetTemporary'));
  const form = h(
    'form',
    { class: 'form-stack', testid: 'temporary-password-form' },
    // Each row's form has ids of its own: several may be open at once.
    inputField(`temporary-${++formsOpened}`, 'secret', t('accountsTemporaryFor', { email: account.email }), { type: 'password', field: 'password', autocomplete: 'new-password', maxlength: 256, 'aria-describedby': `temporary-help-${formsOpened}` }),
    h('p', { id: `temporary-help-${formsOpened}`, class: 'muted small' }, t('accountsTemporaryHelp')),
    slot,
    h(
      'p',
      { class: 'buttons' },
      submit,
      ' ',
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'temporary-password-cancel', 'aria-label': `${t('accountsCancel')}: ${account.email}`, onclick: cancel }, t('accountsCancel')),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const { setTemporaryPassword } = await gql(accountQueries.SET_TEMPORARY_PASSWORD, { id: account.id, password: formInput(form, 'secret').value }, { signedIn: true });
      done(setTemporaryPassword.account, t('accountsTemporarySet', { email: account.email }));
    } catch (err) {
      submit.disabled = false;
      formError(form, slot, err);
    }
  });
  return form;
}

/**
 * One account's row, with what an admin may do to it (nothing to their own account here).
 * @param {AccountRow} account
 * @param {string} myEmail
 * @param {(text: string) => void} tell where a change is reported
 * @returns {HTMLTableRowElement}
 */
function accountRow(account, myEmail, tell) {
  const own = account.email === myEmail;
  const actions = h('td', { class: 'actions' });
  const tr = h(
    'tr',
    { testid: 'account-row', 'data-email': account.email, 'data-id': account.id },
    h('th', { scope: 'row', testid: 'account-email' }, account.email),
    h('td', null, label('Role', account.role)),
    h('td', null, account.partner ? account.partner.name : cityChips(account.cities)),
    statusCell(account),
    actions,
  );
  /**
   * Puts the account's new state in place of this row, and the focus on the same button in it.
   * @param {AccountRow} saved
   * @param {string} message
   * @param {string} focusTestid
   */
  const replace = (saved, message, focusTestid) => {
    const next = accountRow(saved, myEmail, tell);
    tr.replaceWith(next);
    tell(message);
    /** @type {HTMLElement | null} */
    const button = next.querySelector(`[data-testid="${focusTestid}"]`) || next.querySelector('button');
    button?.focus();
  };
  if (own) {
    actions.append(h('span', { class: 'muted small' }, t('accountsYours')));
    return tr;
  }
  // An invitation has no password to set nor sign-in to stop: its colleague accepts it, its partner withdraws it.
  if (account.invitedAt) {
    actions.append(h('span', { class: 'muted small' }, t('accountInvitedNote')));
    return tr;
  }
  const temporary = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'temporary-password', 'aria-label': `${t('accountsSetTemporary')}: ${account.email}` }, t('accountsSetTemporary'));
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary btn-small',
      testid: account.active ? 'deactivate-account' : 'reactivate-account',
      'aria-label': `${account.active ? t('accountsDeactivate') : t('accountsReactivate')}: ${account.email}`,
    },
    account.active ? t('accountsDeactivate') : t('accountsReactivate'),
  );
  const slot = h('div', { role: 'alert' });
  temporary.addEventListener('click', () => {
    const form = temporaryPasswordForm(
      account,
      (saved, message) => replace(saved, message, 'temporary-password'),
      () => {
        form.replaceWith(temporary);
        temporary.focus();
      },
    );
    temporary.replaceWith(form);
    formInput(form, 'secret').focus();
  });
  toggle.addEventListener('click', async () => {
    toggle.disabled = true;
    slot.replaceChildren();
    try {
      const saved = account.active
        ? (await gql(accountQueries.DEACTIVATE_ACCOUNT, { id: account.id }, { signedIn: true })).deactivateAccount.account
        : (await gql(accountQueries.REACTIVATE_ACCOUNT, { id: account.id }, { signedIn: true })).reactivateAccount.account;
      const message = t(saved.active ? 'accountsReactivated' : 'accountsDeactivated', { email: account.email });
      replace(saved, message, saved.active ? 'deactivate-account' : 'reactivate-account');
    } catch (err) {
      toggle.disabled = false;
      slot.replaceChildren(errorBox(err, null, false));
    }
  });
  actions.append(h('div', { class: 'buttons' }, temporary, ' ', toggle), slot);
  return tr;
}

/**
 * The form that makes a coordinator's account: the address, the cities and a temporary password, which
 * the admin tells the coordinator.
 */
function coordinatorForm() {
  const slot = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'new-coordinator-submit' }, t('accountsCreate'));
  const cities = enumValues('City').map((city, i) =>
    h('input', { type: 'checkbox', id: `new-coordinator-city-${city}`, name: 'cities', value: city, testid: `new-coordinator-city-${city}`, 'data-field': i === 0 ? 'cities' : null }),
  );
  const form = h(
    'form',
    { class: 'record-form', testid: 'new-coordinator-form' },
    inputField('new-coordinator', 'email', t('email'), { type: 'email', autocomplete: 'off', maxlength: 254 }),
    h(
      'fieldset',
      { class: 'checkboxes' },
      h('legend', null, t('accountsCities')),
      cities.map((box) => h('label', { class: 'checkbox', for: box.id }, box, ' ', label('City', box.value))),
    ),
    inputField('new-coordinator', 'password', t('accountsTemporaryPassword'), { type: 'password', autocomplete: 'new-password', maxlength: 256, 'aria-describedby': 'new-coordinator-help' }),
    h('p', { id: 'new-coordinator-help', class: 'muted small field-help' }, t('accountsNewTemporaryHelp')),
    slot,
    h('p', { class: 'buttons' }, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = formInput(form, 'email').value.trim();
    const chosen = cities.filter((box) => box.checked).map((box) => box.value);
    submit.disabled = true;
    try {
      await gql(accountQueries.CREATE_COORDINATOR, { email, cities: chosen, password: formInput(form, 'password').value }, { signedIn: true });
      // The new account shows in the list, found by its address, under the notice.
      notice = t('accountsCreated', { email });
      navigate(routeHref(ROUTE, { zoek: email }), 'accounts-status');
    } catch (err) {
      submit.disabled = false;
      formError(form, slot, err);
    }
  });
  return form;
}

/**
 * Renders `#/team/accounts`.
 * @type {import('./index.js').TeamPage}
 */
export async function pageAccounts(ctx, me, path, params) {
  setTitle(t('accountsTitle'));
  if (path.length) throw new ApiError('NOT_FOUND');
  if (me.role !== 'ADMIN') {
    setMain(pageTitle(t('accountsTitle')), h('p', { class: 'notice', testid: 'accounts-admins-only' }, t('accountsAdminsOnly')));
    return;
  }
  const filter = filterOf(params);
  const variables = { filter: { emailContains: filter.text || null, role: filter.role } };
  /** @param {string | null} after */
  const fetchPage = async (after) => (await gql(accountQueries.ACCOUNTS, { ...variables, first: PAGE, after }, { signedIn: true })).accounts;
  const status = h('p', { id: 'accounts-status', class: 'notice', role: 'status', testid: 'accounts-status', tabindex: '-1', hidden: true });
  /** @param {string} text */
  const tell = (text) => {
    status.hidden = false;
    status.textContent = text;
    announce(text);
  };
  if (notice) tell(notice);
  notice = '';
  let first;
  try {
    first = await fetchPage(null);
  } catch (err) {
    if (!ctx.current()) return;
    setMain(pageTitle(t('accountsTitle')), searchForm(filter), errorBox(err, () => rerender()));
    return;
  }
  if (!ctx.current()) return;
  /** @param {AccountRow} account */
  const row = (account) => accountRow(account, me.email, tell);
  const body = h('tbody', { testid: 'accounts-list' }, first.nodes.map(row));
  const { countEl, moreBox, errorSlot } = pager(ctx, {
    first,
    fetchPage,
    render: row,
    list: body,
    countKey: 'accountsCount',
    countTestid: 'accounts-count',
    failed: (err) => errorBox(err),
  });
  const table = h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'team-table', testid: 'accounts-table' },
      h('caption', { class: 'sr-only' }, t('accountsTitle')),
      h(
        'thead',
        null,
        h('tr', null, [t('email'), t('role'), t('accountsCitiesOrPartner'), t('accountsStatus'), t('accountsActions')].map((text) => h('th', { scope: 'col' }, text))),
      ),
      body,
    ),
  );
  setMain(
    pageTitle(t('accountsTitle')),
    h('p', { class: 'lead' }, t('accountsIntro')),
    status,
    searchForm(filter),
    countEl,
    first.nodes.length ? table : h('p', { class: 'muted empty', testid: 'accounts-empty' }, filter.text || filter.role ? t('emptyFiltered') : t('empty')),
    moreBox,
    errorSlot,
    section(t('accountsNewCoordinator'), 'new-coordinator', coordinatorForm()),
  );
}
