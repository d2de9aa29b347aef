// @ts-check
// Becoming a partner: an account and a partner profile that the team approves, with what the organisation
// can do, offers and needs (which matching reads), and the terms it accepts, readable right here.

import { gql } from '../api.js';
import { h, main, routeLink, setMain, setTitle } from '../dom.js';
import { apiLanguage, enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { formError, formInput, inputField, requiredChoice, termsConsent } from '../ui/forms.js';
import { pageTitle } from '../ui/frame.js';
import { pickEnum } from '../ui/lists.js';
import { tagsInput } from '../ui/tags.js';
import { recordPicker } from './team/content-parts.js';

/** The city choice that means neither Ghent nor Bruges (sent as no city). */
const ELSEWHERE = 'ELSEWHERE';

/**
 * A group of the form named by its legend, around a custom field (tags, value domains).
 * @param {string} legend
 * @param {HTMLElement} element
 */
const group = (legend, element) => h('fieldset', { class: 'field custom-field' }, h('legend', null, legend), element);

/**
 * Renders `#/word-partner`: becoming a partner, with an account and a partner profile that the team approves.
 * `?type=` and `?stad=` fill in the stakeholder type and city (an invitation to a conversation proposes the
 * profile with what its survey answer said).
 * @param {import('../router.js').RenderContext} ctx
 * @param {import('../router.js').Params} [params]
 */
export async function pageJoin(ctx, params = {}) {
  setTitle(t('joinTitle'));
  const choices = await gql(queries.JOIN_CHOICES, { language: apiLanguage() });
  if (!ctx.current()) return;
  const terms = choices.terms;
  const vocabulary = choices.matchingVocabulary;
  const capabilities = tagsInput('join-capabilities', 'capabilities', t('capabilities'), vocabulary);
  const dataOffered = tagsInput('join-dataOffered', 'dataOffered', t('dataOffered'), vocabulary);
  const dataNeeded = tagsInput('join-dataNeeded', 'dataNeeded', t('dataNeeded'), vocabulary);
  const interests = recordPicker(
    'join',
    'interestIds',
    t('interests'),
    choices.valueDomains.nodes.map((/** @type {{ id: string, name: string }} */ d) => ({ value: d.id, label: d.name })),
  );
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
      requiredChoice(
        'join',
        'stakeholderType',
        t('stakeholderType'),
        enumValues('StakeholderType').map((v) => ({ value: v, label: label('StakeholderType', v) })),
        t('joinTypeMissing'),
      ),
      requiredChoice(
        'join',
        'homeCity',
        t('homeCity'),
        [...enumValues('City').map((v) => ({ value: v, label: label('City', v) })), { value: ELSEWHERE, label: t('elsewhere') }],
        t('joinCityMissing'),
      ),
      inputField('join', 'description', t('joinDescription'), { type: 'textarea', required: false, rows: 4, maxlength: 5000 }),
      inputField('join', 'website', t('joinWebsite'), { type: 'url', required: false, maxlength: 2000, autocomplete: 'url' }),
    ),
    h(
      'fieldset',
      { class: 'form-stack', testid: 'join-profile' },
      h('legend', null, t('joinProfile')),
      h('p', { class: 'muted small' }, t('joinProfileHelp')),
      group(t('capabilities'), capabilities.element),
      group(t('dataOffered'), dataOffered.element),
      group(t('dataNeeded'), dataNeeded.element),
      group(t('interests'), interests.element),
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
    termsConsent('join', terms),
    error,
    h('p', null, submit),
  );
  const type = pickEnum(params, 'type', 'StakeholderType');
  const stad = pickEnum(params, 'stad', 'City');
  if (type) formInput(form, 'stakeholderType').value = type;
  if (stad) formInput(form, 'homeCity').value = stad;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = (name) => formInput(form, name).value.trim();
    const city = v('homeCity');
    const input = {
      email: v('email'),
      password: formInput(form, 'password').value,
      partnerName: v('partnerName'),
      stakeholderType: v('stakeholderType'),
      description: v('description'),
      homeCity: city === ELSEWHERE ? null : city,
      website: v('website') || null,
      capabilities: capabilities.read(),
      dataOffered: dataOffered.read(),
      dataNeeded: dataNeeded.read(),
      interestIds: interests.read(),
      contact: { name: v('contactName'), email: v('contactEmail'), phone: v('contactPhone') || null },
      // The version of the text shown above: the consent records it.
      termsVersion: terms.version,
      // LODE writes to the new account in the language the form was filled in.
      language: apiLanguage(),
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
