// @ts-check
// The pages a message's link opens: a forgotten password, asking for a link (`#/wachtwoord-vergeten`) and
// choosing a new password with the link's token (`#/wachtwoord?token=…`); confirming the address given at
// sign-up (`#/bevestigen?token=…`); making an answer to a survey given by e-mail count
// (`#/bevraging-bevestigen?token=…`); and accepting a colleague's invitation to their organisation
// (`#/uitnodiging?token=…`). The token comes only from the link in the message; the API answers one way to a
// token unknown, expired or used (`INVALID_TOKEN`).

import { ApiError, gql } from '../api.js';
import { h, routeLink, setMain, setTitle } from '../dom.js';
import { apiLanguage, t } from '../lang.js';
import * as queries from '../queries.js';
import { endSession, sessionToken } from '../session.js';
import { formError, formInput, inputField, termsConsent } from '../ui/forms.js';
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
 * A new password, twice, with the rules under it; `field` is the API's name for it.
 * @param {string} formName
 * @param {string} field
 */
function newPasswordFields(formName, field) {
  const help = `${formName}-help`;
  return [
    inputField(formName, 'next', t('newPasswordLabel'), { type: 'password', field, autocomplete: 'new-password', maxlength: 256, 'aria-describedby': help }),
    h('p', { id: help, class: 'muted small' }, t('newPasswordHelp')),
    inputField(formName, 'again', t('newPasswordAgain'), { type: 'password', field: 'again', autocomplete: 'new-password', maxlength: 256 }),
  ];
}

/**
 * The new password of a form made with `newPasswordFields`, or null (with the mismatch said at the second
 * field) when the two differ.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} error
 */
function newPassword(form, error) {
  const next = formInput(form, 'next').value;
  error.replaceChildren();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  if (next === formInput(form, 'again').value) return next;
  const input = formInput(form, 'again');
  input.setAttribute('aria-invalid', 'true');
  error.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-field': 'again' }, t('newPasswordMismatch')));
  input.focus();
  return null;
}

/**
 * A refused password or token, shown under the form.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} error
 * @param {unknown} err
 * @param {string} field the API's name for the password
 * @param {boolean} askAgain whether a new link can be asked for here
 */
function passwordRefused(form, error, err, field, askAgain) {
  if (err instanceof ApiError && err.code === 'INVALID_TOKEN') {
    error.replaceChildren(linkRefused(err, askAgain));
    return;
  }
  formError(form, error, err);
  if (err instanceof ApiError && err.code === 'VALIDATION' && err.field === field) {
    error.querySelector('.notice')?.append(' ', h('span', { testid: 'password-weak' }, t('newPasswordWeak')));
  }
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
    newPasswordFields('reset', 'newPassword'),
    error,
    h('p', null, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const next = newPassword(form, error);
    if (next === null) return;
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
      passwordRefused(form, error, err, 'newPassword', true);
    }
  });
  setMain(pageTitle(t('resetTitle')), h('p', { class: 'lead' }, t('resetIntro')), form);
  formInput(form, 'next').focus();
}

/**
 * A page that a message's link opens to confirm something with its token: one button that confirms (a page
 * that changed something by being opened would be confirmed by any program that opens links).
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 * @param {{ title: import('../lang.js').TextKey, intro: import('../lang.js').TextKey, button: import('../lang.js').TextKey, done: import('../lang.js').TextKey, noToken: import('../lang.js').TextKey }} texts
 * @param {(token: string) => Promise<unknown>} confirm sends the token
 */
function confirmByLink(ctx, params, texts, confirm) {
  setTitle(t(texts.title));
  const token = typeof params.token === 'string' ? params.token : '';
  if (!token) {
    setMain(pageTitle(t(texts.title)), h('p', { class: 'lead', testid: 'confirm-no-token' }, t(texts.noToken)));
    return;
  }
  const outcome = h('div', { role: 'status' });
  const submit = h('button', { type: 'button', class: 'btn', testid: 'confirm-submit' }, t(texts.button));
  submit.addEventListener('click', async () => {
    submit.disabled = true;
    outcome.replaceChildren();
    try {
      await confirm(token);
      if (!ctx.current()) return;
      submit.remove();
      outcome.replaceChildren(h('p', { class: 'notice', testid: 'confirm-done' }, t(texts.done)));
    } catch (err) {
      if (!ctx.current()) return;
      submit.disabled = false;
      outcome.replaceChildren(linkRefused(err, false));
    }
  });
  setMain(pageTitle(t(texts.title)), h('p', { class: 'lead' }, t(texts.intro)), outcome, h('p', null, submit));
}

/**
 * Renders `#/bevestigen?token=…`: confirming the address given at sign-up.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageConfirmEmail(ctx, params) {
  confirmByLink(
    ctx,
    params,
    { title: 'confirmTitle', intro: 'confirmIntro', button: 'confirmButton', done: 'confirmDone', noToken: 'confirmNoToken' },
    (token) => gql(queries.CONFIRM_EMAIL, { token }),
  );
}

/**
 * Renders `#/bevraging-bevestigen?token=…`: making an answer to a survey, given with an e-mail address, count.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageConfirmSurveyAnswer(ctx, params) {
  confirmByLink(
    ctx,
    params,
    { title: 'surveyConfirmTitle', intro: 'surveyConfirmIntro', button: 'surveyConfirmButton', done: 'surveyConfirmDone', noToken: 'surveyConfirmNoToken' },
    (token) => gql(queries.CONFIRM_SURVEY_ANSWER, { token }),
  );
}

/**
 * Renders `#/uitnodiging?token=…`: accepting a colleague's invitation to their organisation with a password
 * of one's own and the terms; once accepted, to the sign-in page.
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} params
 */
export async function pageAcceptInvitation(ctx, params) {
  setTitle(t('inviteTitle'));
  const token = typeof params.token === 'string' ? params.token : '';
  if (!token) {
    setMain(pageTitle(t('inviteTitle')), h('p', { class: 'lead', testid: 'invite-no-token' }, t('inviteNoToken')));
    return;
  }
  const { terms } = await gql(queries.TERMS, { language: apiLanguage() });
  if (!ctx.current()) return;
  const error = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'invite-submit' }, t('inviteButton'));
  const form = h('form', { class: 'panel form-stack', testid: 'invite-form' }, newPasswordFields('invite', 'password'), termsConsent('invite', terms), error, h('p', null, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const password = newPassword(form, error);
    if (password === null) return;
    submit.disabled = true;
    submit.textContent = t('saving');
    try {
      await gql(queries.ACCEPT_INVITATION, { token, password, termsVersion: terms.version });
      // Whoever was signed in in this browser, the new member signs in next.
      if (sessionToken()) endSession();
      if (!ctx.current()) return;
      location.hash = '#/aanmelden?sessie=uitnodiging';
    } catch (err) {
      if (!ctx.current()) return;
      submit.disabled = false;
      submit.textContent = t('inviteButton');
      passwordRefused(form, error, err, 'password', false);
    }
  });
  setMain(pageTitle(t('inviteTitle')), h('p', { class: 'lead' }, t('inviteIntro')), form);
  formInput(form, 'next').focus();
}
