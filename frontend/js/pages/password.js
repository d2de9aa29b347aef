// @ts-check
// A forgotten password and a confirmed address: asking for a link (`#/wachtwoord-vergeten`), choosing a new
// password with the link's token (`#/wachtwoord?token=…`), and confirming the address given at sign-up
// (`#/bevestigen?token=…`). The token comes only from the link in the message; the API answers one way to a
// token unknown, expired or used (`INVALID_TOKEN`).

import { ApiError, gql } from '../api.js';
import { h, routeLink, setMain, setTitle } from '../dom.js';
import { t } from '../lang.js';
import * as queries from '../queries.js';
import { endSession, sessionToken } from '../session.js';
import { formError, formInput, inputField } from '../ui/forms.js';
import { errorBox, pageTitle } from '../ui/frame.js';

/**
 * The refusal of a link that does not work, with a way to ask for a new one (for a password).
 * @param {unknown} err
 * @param {boolean} askAgain
 */
function linkRefused(err, askAgain) {
  if (err instanceof ApiError && err.code === 'INVALID_TOKEN') {
    return h(
      'div',
      { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code },
      h('p', null, t('err_INVALID_TOKEN')),
      askAgain ? h('p', null, routeLink(['wachtwoord-vergeten'], t('resetAskAgain'), { testid: 'ask-again' })) : null,
    );
  }
  return errorBox(err, null, false);
}

/**
 * Renders `#/wachtwoord-vergeten`: an address, and one answer whatever it is.
 * @param {import('../router.js').RenderContext} ctx
 */
export async function pageForgotPassword(ctx) {
  setTitle(t('forgotTitle'));
  const status = h('div', { role: 'status' });
  const error = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'forgot-submit' }, t('forgotButton'));
  const form = h(
    'form',
    { class: 'panel form-stack', testid: 'forgot-form' },
    inputField('forgot', 'email', t('email'), { type: 'email', autocomplete: 'username', maxlength: 254 }),
    error,
    h('p', null, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = formInput(form, 'email').value.trim();
    if (!email) return;
    submit.disabled = true;
    submit.textContent = t('forgotSending');
    error.replaceChildren();
    status.replaceChildren();
    try {
      await gql(queries.REQUEST_PASSWORD_RESET, { email });
      if (!ctx.current()) return;
      status.replaceChildren(h('p', { class: 'notice', testid: 'forgot-sent' }, t('forgotSent')));
    } catch (err) {
      if (!ctx.current()) return;
      formError(form, error, err);
    }
    submit.disabled = false;
    submit.textContent = t('forgotButton');
  });
  setMain(pageTitle(t('forgotTitle')), h('p', { class: 'lead' }, t('forgotIntro')), status, form);
}

/**
 * Renders `#/wachtwoord?token=…`: a new password, twice; once saved, to the sign-in page.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageResetPassword(ctx, params) {
  setTitle(t('resetTitle'));
  const token = typeof params.token === 'string' ? params.token : '';
  if (!token) {
    setMain(
      pageTitle(t('resetTitle')),
      h('p', { class: 'lead', testid: 'reset-no-token' }, t('resetNoToken')),
      h('p', null, routeLink(['wachtwoord-vergeten'], t('resetAskAgain'), { testid: 'ask-again' })),
    );
    return;
  }
  const error = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'reset-submit' }, t('newPasswordButton'));
  const form = h(
    'form',
    { class: 'panel form-stack', testid: 'reset-form' },
    inputField('reset', 'next', t('newPasswordLabel'), { type: 'password', field: 'newPassword', autocomplete: 'new-password', maxlength: 256, 'aria-describedby': 'reset-help' }),
    h('p', { id: 'reset-help', class: 'muted small' }, t('newPasswordHelp')),
    inputField('reset', 'again', t('newPasswordAgain'), { type: 'password', field: 'again', autocomplete: 'new-password', maxlength: 256 }),
    error,
    h('p', null, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const next = formInput(form, 'next').value;
    const again = formInput(form, 'again').value;
    error.replaceChildren();
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    if (next !== again) {
      const input = formInput(form, 'again');
      input.setAttribute('aria-invalid', 'true');
      error.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-field': 'again' }, t('newPasswordMismatch')));
      input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('saving');
    try {
      await gql(queries.RESET_PASSWORD, { token, next });
      // Every session of the account ended, this browser's too if it was that account's.
      if (sessionToken()) endSession();
      if (!ctx.current()) return;
      location.hash = '#/aanmelden?sessie=nieuw-wachtwoord';
    } catch (err) {
      if (!ctx.current()) return;
      submit.disabled = false;
      submit.textContent = t('newPasswordButton');
      if (err instanceof ApiError && err.code === 'INVALID_TOKEN') {
        error.replaceChildren(linkRefused(err, true));
        return;
      }
      formError(form, error, err);
      if (err instanceof ApiError && err.code === 'VALIDATION' && err.field === 'newPassword') {
        error.querySelector('.notice')?.append(' ', h('span', { testid: 'password-weak' }, t('newPasswordWeak')));
      }
    }
  });
  setMain(pageTitle(t('resetTitle')), h('p', { class: 'lead' }, t('resetIntro')), form);
  formInput(form, 'next').focus();
}

/**
 * Renders `#/bevestigen?token=…`: one button that confirms the address (a page that changed something by
 * being opened would be confirmed by any program that opens links).
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageConfirmEmail(ctx, params) {
  setTitle(t('confirmTitle'));
  const token = typeof params.token === 'string' ? params.token : '';
  if (!token) {
    setMain(pageTitle(t('confirmTitle')), h('p', { class: 'lead', testid: 'confirm-no-token' }, t('confirmNoToken')));
    return;
  }
  const outcome = h('div', { role: 'status' });
  const submit = h('button', { type: 'button', class: 'btn', testid: 'confirm-submit' }, t('confirmButton'));
  submit.addEventListener('click', async () => {
    submit.disabled = true;
    outcome.replaceChildren();
    try {
      await gql(queries.CONFIRM_EMAIL, { token });
      if (!ctx.current()) return;
      submit.remove();
      outcome.replaceChildren(h('p', { class: 'notice', testid: 'confirm-done' }, t('confirmDone')));
    } catch (err) {
      if (!ctx.current()) return;
      submit.disabled = false;
      outcome.replaceChildren(linkRefused(err, false));
    }
  });
  setMain(pageTitle(t('confirmTitle')), h('p', { class: 'lead' }, t('confirmIntro')), outcome, h('p', null, submit));
}
