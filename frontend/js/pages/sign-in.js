// @ts-check
// Signing in: a partner's members and the team, back to where the sign-in was asked for. An account with a
// temporary password (an admin set it) chooses its own password first.

import { onTeam } from '../account.js';
import { ApiError, gql } from '../api.js';
import { h, routeLink, setMain, setTitle } from '../dom.js';
import { t } from '../lang.js';
import * as queries from '../queries.js';
import { startSession } from '../session.js';
import { formError, formInput, inputField } from '../ui/forms.js';
import { errorBox, pageTitle } from '../ui/frame.js';

/**
 * The address to go to once signed in: where the sign-in was asked for (an event's page); else the team to
 * its workspace, and everyone else to their own page.
 * @param {import('../router.js').Params} params
 * @param {import('../account.js').Account | null} account the account signed in
 */
const backTo = (params, account) => (typeof params.terug === 'string' && params.terug.startsWith('#/') ? params.terug : onTeam(account) ? '#/team' : '#/mijn');

/**
 * After a sign-in with a temporary password: a form for a password of one's own. The temporary session may
 * do nothing else, so it is not kept; once the new password is saved (which ends that session), it signs in
 * with it and goes on.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 * @param {string} email
 * @param {string} temporary the password signed in with
 * @param {string} token the temporary session's token
 */
function choosePassword(ctx, params, email, temporary, token) {
  setTitle(t('newPasswordTitle'));
  const error = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'new-password-submit' }, t('newPasswordButton'));
  const form = h(
    'form',
    { class: 'panel form-stack', testid: 'new-password-form' },
    inputField('new-password', 'next', t('newPasswordLabel'), { type: 'password', field: 'newPassword', autocomplete: 'new-password', maxlength: 256, 'aria-describedby': 'new-password-help' }),
    h('p', { id: 'new-password-help', class: 'muted small' }, t('newPasswordHelp')),
    inputField('new-password', 'again', t('newPasswordAgain'), { type: 'password', field: 'again', autocomplete: 'new-password', maxlength: 256 }),
    error,
    h('p', null, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const next = formInput(form, 'next').value;
    const again = formInput(form, 'again').value;
    error.replaceChildren();
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    /**
     * Marks a field the form itself refuses, with why.
     * @param {string} name
     * @param {import('../lang.js').TextKey} why
     */
    const refuse = (name, why) => {
      const input = formInput(form, name);
      input.setAttribute('aria-invalid', 'true');
      error.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-field': input.dataset.field }, t(why)));
      input.focus();
    };
    if (next === temporary) return refuse('next', 'newPasswordSame');
    if (next !== again) return refuse('again', 'newPasswordMismatch');
    submit.disabled = true;
    submit.textContent = t('saving');
    try {
      await gql(queries.CHANGE_PASSWORD, { current: temporary, next }, { token });
      const { login } = await gql(queries.SIGN_IN, { email, password: next });
      startSession(login.token);
      if (!ctx.current()) return;
      location.hash = backTo(params, login.account);
    } catch (err) {
      if (!ctx.current()) return;
      submit.disabled = false;
      submit.textContent = t('newPasswordButton');
      // The temporary session ended meanwhile (another temporary password, a deactivation): start over.
      if (err instanceof ApiError && err.code === 'SESSION_ENDED') {
        error.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code }, t('newPasswordSessionEnded')));
        return;
      }
      formError(form, error, err);
      if (err instanceof ApiError && err.code === 'VALIDATION' && err.field === 'newPassword') {
        error.querySelector('.notice')?.append(' ', h('span', { testid: 'password-weak' }, t('newPasswordWeak')));
      }
    }
  });
  setMain(
    pageTitle(t('newPasswordTitle')),
    h('p', { class: 'lead', testid: 'new-password-intro' }, t('newPasswordIntro')),
    form,
  );
  formInput(form, 'next').focus();
}

/**
 * Renders `#/aanmelden`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageSignIn(ctx, params) {
  setTitle(t('signInTitle'));
  const error = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'signin-submit' }, t('signInButton'));
  const form = h(
    'form',
    { class: 'panel form-stack', testid: 'signin-form' },
    inputField('signin', 'email', t('email'), { type: 'email', autocomplete: 'username', maxlength: 254 }),
    inputField('signin', 'password', t('password'), { type: 'password', autocomplete: 'current-password', maxlength: 256 }),
    error,
    h('p', null, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = formInput(form, 'email').value.trim();
    const password = formInput(form, 'password').value;
    if (!email || !password) return;
    submit.disabled = true;
    submit.textContent = t('signingIn');
    error.replaceChildren();
    try {
      const { login } = await gql(queries.SIGN_IN, { email, password });
      if (!ctx.current()) return;
      if (login.mustChangePassword) {
        choosePassword(ctx, params, email, password, login.token);
        return;
      }
      startSession(login.token);
      location.hash = backTo(params, login.account);
    } catch (err) {
      if (!ctx.current()) return;
      const wrong = err instanceof ApiError && err.code === 'UNAUTHENTICATED';
      error.replaceChildren(
        wrong
          ? h('p', { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code }, t('signInWrong'))
          : errorBox(err, null, false),
      );
      submit.disabled = false;
      submit.textContent = t('signInButton');
      formInput(form, 'password').select();
    }
  });
  setMain(
    pageTitle(t('signInTitle')),
    params.sessie === 'verlopen' ? h('p', { class: 'notice', role: 'status', testid: 'session-ended' }, t('err_SESSION_ENDED')) : null,
    params.sessie === 'wachtwoord' ? h('p', { class: 'notice', role: 'status', testid: 'password-changed-sign-in' }, t('passwordChangedSignIn')) : null,
    params.sessie === 'nieuw-wachtwoord' ? h('p', { class: 'notice', role: 'status', testid: 'password-reset-sign-in' }, t('resetDone')) : null,
    params.sessie === 'uitnodiging' ? h('p', { class: 'notice', role: 'status', testid: 'invitation-sign-in' }, t('inviteDone')) : null,
    h('p', { class: 'lead' }, t('signInIntro')),
    form,
    h('p', null, routeLink(['wachtwoord-vergeten'], t('forgotLink'), { testid: 'forgot-link' })),
    h('p', null, t('noAccount'), ' ', routeLink(['word-partner'], t('joinLink'), { testid: 'join-link' })),
  );
}
