// @ts-check
// Mijn LODE, the signed-in account itself: a new password, its e-mail (the language LODE writes in, and each
// kind of message on or off), the consents given (each to withdraw), a copy of everything stored about it
// (the GDPR's right of access, saved as a JSON file), and deleting it, with what that erases said first (for a
// partner's last account, the partner too). Team accounts manage themselves here too.

import { ApiError, gql, saveFile } from '../api.js';
import { announce, h, routeHref } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import * as portal from '../queries/portal.js';
import { forgetUnsaved, guardUnsaved, mayLeave, navigate, rerender } from '../router.js';
import { endSession, startSession } from '../session.js';
import { formatDay } from '../time.js';
import { formError, formInput, inputField, replaceFocused } from '../ui/forms.js';
import { errorBox } from '../ui/frame.js';

/**
 * The account's part of Mijn LODE.
 * @param {{ email: string, role: string }} me
 * @param {{ name: string, lastAccount: boolean | null } | null} partner the account's partner, and whether this
 *   is its last active account (deleting it then erases the partner; null when that could not be read)
 */
export async function myAccount(me, partner) {
  return [
    h('h3', null, t('passwordTitle')),
    passwordForm(me.email),
    h('h3', null, t('mailTitle')),
    await mailPreferences(me.role),
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

/** The kinds of message each account may turn off, with their one-line explanation. */
const TOPIC_HELP = {
  REMINDERS: 'mailHelpReminders',
  EVENT_UPDATES: 'mailHelpEventUpdates',
  CASES: 'mailHelpCases',
  STORIES: 'mailHelpStories',
  DIGEST: 'mailHelpDigest',
};

/** The topic only the team receives: a partner's member is not offered it. */
const TEAM_TOPICS = ['DIGEST'];

/**
 * The account's e-mail: the language LODE writes in and each kind of message on or off, saved together.
 * Messages needed to take part have no topic: the form says they always go.
 * @param {string} role the account's role: the team also sees the daily digest
 */
async function mailPreferences(role) {
  let read;
  try {
    ({ mailPreferences: read } = await gql(portal.MAIL_PREFERENCES, {}, { signedIn: true }));
  } catch (err) {
    return errorBox(err, () => rerender(), false);
  }
  const team = role === 'ADMIN' || role === 'COORDINATOR';
  /** @type {{ topic: string, on: boolean }[]} */
  const topics = read.topics.filter((/** @type {{ topic: string }} */ s) => team || !TEAM_TOPICS.includes(s.topic));
  const languages = enumValues('Language').map((value) =>
    h('input', { type: 'radio', id: `mail-language-${value}`, name: 'language', value, testid: `mail-language-${value}` }),
  );
  const boxes = topics.map((s) =>
    h('input', { type: 'checkbox', id: `mail-topic-${s.topic}`, name: 'topics', value: s.topic, testid: `mail-topic-${s.topic}`, 'aria-describedby': `mail-topic-${s.topic}-help` }),
  );
  const languageError = h('p', { class: 'field-error', id: 'mail-language-error', testid: 'mail-language-error', hidden: true });
  const topicsError = h('p', { class: 'field-error', id: 'mail-topics-error', testid: 'mail-topics-error', hidden: true });
  const languageSet = h(
    'fieldset',
    { class: 'mail-choice', id: 'mail-language', 'data-field': 'language', tabindex: '-1', testid: 'mail-language' },
    h('legend', null, t('mailLanguage')),
    languages.map((box) => h('label', { class: 'checkbox', for: box.id, lang: box.value === 'EN' ? 'en' : 'nl' }, box, ' ', label('Language', box.value))),
    languageError,
  );
  const topicSet = h(
    'fieldset',
    { class: 'mail-choice', id: 'mail-topics', 'data-field': 'topicsOff', tabindex: '-1', testid: 'mail-topics', 'aria-describedby': 'mail-always' },
    h('legend', null, t('mailTopics')),
    h('p', { class: 'muted small field-help', id: 'mail-always', testid: 'mail-always' }, t('mailAlways')),
    boxes.map((box) =>
      h(
        'div',
        { class: 'mail-topic' },
        h('label', { class: 'checkbox', for: box.id }, box, ' ', label('MailTopic', box.value)),
        h('p', { class: 'muted small field-help', id: `${box.id}-help` }, t(/** @type {import('../lang.js').TextKey} */ (TOPIC_HELP[/** @type {keyof typeof TOPIC_HELP} */ (box.value)]))),
      ),
    ),
    topicsError,
  );
  const status = h('div', { class: 'form-status', testid: 'mail-status' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'mail-submit' }, t('mailSave'));
  const form = h('form', { class: 'form-stack mail-form', novalidate: true, testid: 'mail-form' }, languageSet, topicSet, h('p', { class: 'buttons' }, submit), status);

  /** What the form holds now, as the API takes it. */
  const chosen = () => ({
    language: languages.find((box) => box.checked)?.value ?? read.language,
    // A topic not offered here (the digest, for a partner's member) keeps its setting.
    topicsOff: [
      ...read.topics.filter((/** @type {{ topic: string, on: boolean }} */ s) => !s.on && !boxes.some((box) => box.value === s.topic)).map((/** @type {{ topic: string }} */ s) => s.topic),
      ...boxes.filter((box) => !box.checked).map((box) => box.value),
    ],
  });
  /** Shows the choices as saved, and remembers them as the form's starting point. */
  const show = (/** @type {{ language: string, topics: { topic: string, on: boolean }[] }} */ saved) => {
    read = saved;
    for (const box of languages) box.checked = box.value === saved.language;
    for (const box of boxes) box.checked = saved.topics.find((s) => s.topic === box.value)?.on ?? true;
    form.setAttribute('data-language', saved.language);
    form.setAttribute('data-topics-off', saved.topics.filter((s) => !s.on).map((s) => s.topic).join(' '));
  };
  /** Clears the marks a refused save left on the fields. */
  const clearErrors = () => {
    for (const set of [languageSet, topicSet]) set.removeAttribute('aria-invalid');
    languageSet.removeAttribute('aria-describedby');
    topicSet.setAttribute('aria-describedby', 'mail-always');
    for (const error of [languageError, topicsError]) {
      error.hidden = true;
      error.textContent = '';
    }
  };
  show(read);
  // Unsaved while the boxes differ from what was last saved.
  const key = (/** @type {{ language: string, topicsOff: string[] }} */ c) => `${c.language}|${[...c.topicsOff].sort().join(',')}`;
  const savedKey = () => key({ language: read.language, topicsOff: read.topics.filter((/** @type {{ on: boolean }} */ s) => !s.on).map((/** @type {{ topic: string }} */ s) => s.topic) });
  guardUnsaved(() => form.isConnected && key(chosen()) !== savedKey());
  form.addEventListener('change', () => status.replaceChildren());

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors();
    submit.disabled = true;
    status.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('saving')));
    try {
      const { setMailPreferences } = await gql(portal.SET_MAIL_PREFERENCES, chosen(), { signedIn: true });
      show(setMailPreferences);
      status.replaceChildren(h('p', { class: 'notice', role: 'status', testid: 'mail-saved' }, t('mailSaved', { language: label('Language', setMailPreferences.language) })));
    } catch (err) {
      // A refusal about one of the choices is shown at it; anything else under the form.
      const field = err instanceof ApiError && err.code === 'VALIDATION' ? err.field : null;
      const at = field === 'language' ? [languageSet, languageError] : field === 'topicsOff' ? [topicSet, topicsError] : null;
      if (at) {
        const [set, error] = at;
        error.textContent = t('checkField', { field: set.querySelector('legend')?.textContent ?? '' });
        error.hidden = false;
        set.setAttribute('aria-invalid', 'true');
        set.setAttribute('aria-describedby', set === topicSet ? 'mail-always mail-topics-error' : 'mail-language-error');
        status.replaceChildren();
        set.focus();
      } else {
        status.replaceChildren(errorBox(err, null, false));
      }
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
