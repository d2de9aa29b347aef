// @ts-check
// Signing in: a partner's members and the team, back to where the sign-in was asked for.

import { onTeam } from '../account.js';
import { ApiError, gql } from '../api.js';
import { h, routeLink, setMain, setTitle } from '../dom.js';
import { t } from '../lang.js';
import * as queries from '../queries.js';
import { startSession } from '../session.js';
import { formInput, inputField } from '../ui/forms.js';
import { errorBox, pageTitle } from '../ui/frame.js';

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
      startSession(login.token);
      if (!ctx.current()) return;
      // Back to where the sign-in was asked for (an event's page); else the team to its workspace, and
      // everyone else to their own page.
      const home = onTeam(login.account) ? '#/team' : '#/mijn';
      const back = typeof params.terug === 'string' && params.terug.startsWith('#/') ? params.terug : home;
      location.hash = back;
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
    h('p', { class: 'lead' }, t('signInIntro')),
    form,
    h('p', null, t('noAccount'), ' ', routeLink(['word-partner'], t('joinLink'), { testid: 'join-link' })),
  );
}
