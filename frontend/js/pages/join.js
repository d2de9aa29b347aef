// @ts-check
// Becoming a partner: an account and a partner profile that the team approves.

import { gql } from '../api.js';
import { h, main, routeLink, setMain, setTitle } from '../dom.js';
import { t } from '../lang.js';
import * as queries from '../queries.js';
import { enumField, formError, formInput, inputField } from '../ui/forms.js';
import { pageTitle } from '../ui/frame.js';

// The version of the terms a new partner agrees to (the text is `joinTerms`).
const TERMS_VERSION = '2026-11';

/**
 * Renders `#/word-partner`: becoming a partner, with an account and a partner profile that the team approves.
 * @param {import('../router.js').RenderContext} ctx
 */
export async function pageJoin(ctx) {
  setTitle(t('joinTitle'));
  const error = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'join-submit' }, t('joinButton'));
  const form = h(
    'form',
    { class: 'panel form-stack', testid: 'join-form' },
    h(
      'fieldset',
      { class: 'form-stack' },
      h('legend', null, t('joinOrganisation')),
      inputField('join', 'partnerName', t('partnerName'), { field: 'name', maxlength: 200, autocomplete: 'organization' }),
      enumField('join', 'stakeholderType', t('stakeholderType'), 'StakeholderType'),
      enumField('join', 'homeCity', t('homeCity'), 'City', t('elsewhere')),
      inputField('join', 'description', t('joinDescription'), { type: 'textarea', required: false, rows: 4, maxlength: 5000 }),
    ),
    h(
      'fieldset',
      { class: 'form-stack' },
      h('legend', null, t('joinContact')),
      h('p', { class: 'muted small' }, t('joinContactPrivate')),
      inputField('join', 'contactName', t('contactName'), { field: 'contact.name', maxlength: 200, autocomplete: 'name' }),
      inputField('join', 'contactEmail', t('email'), { type: 'email', field: 'contact.email', maxlength: 254, autocomplete: 'email' }),
      inputField('join', 'contactPhone', t('phone'), { type: 'tel', field: 'contact.phone', required: false, maxlength: 40, autocomplete: 'tel' }),
    ),
    h(
      'fieldset',
      { class: 'form-stack' },
      h('legend', null, t('joinAccount')),
      inputField('join', 'email', t('email'), { type: 'email', maxlength: 254, autocomplete: 'username' }),
      inputField('join', 'password', t('passwordNew'), { type: 'password', minlength: 12, maxlength: 256, autocomplete: 'new-password' }),
    ),
    h(
      'p',
      { class: 'consent' },
      h('input', { type: 'checkbox', id: 'join-terms', name: 'terms', required: true, testid: 'join-terms' }),
      ' ',
      h('label', { for: 'join-terms' }, t('joinTerms', { v: TERMS_VERSION })),
    ),
    error,
    h('p', null, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = (name) => formInput(form, name).value.trim();
    const input = {
      email: v('email'),
      password: formInput(form, 'password').value,
      partnerName: v('partnerName'),
      stakeholderType: v('stakeholderType'),
      description: v('description'),
      homeCity: v('homeCity') || null,
      contact: { name: v('contactName'), email: v('contactEmail'), phone: v('contactPhone') || null },
      termsVersion: TERMS_VERSION,
    };
    submit.disabled = true;
    error.replaceChildren();
    try {
      await gql(queries.SIGN_UP, { input });
      if (!ctx.current()) return;
      setMain(
        pageTitle(t('joinTitle')),
        h('div', { class: 'notice', role: 'status', testid: 'join-done' }, h('p', null, t('joinDone'))),
        h('p', null, routeLink(['aanmelden'], t('signIn'), { class: 'btn' })),
      );
      main().querySelector('h1').focus();
    } catch (err) {
      if (!ctx.current()) return;
      formError(form, error, err);
      submit.disabled = false;
    }
  });
  setMain(pageTitle(t('joinTitle')), h('p', { class: 'lead' }, t('joinIntro')), form);
}
