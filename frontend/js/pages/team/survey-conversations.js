// @ts-check
// From the survey to the conversations, on a survey's team page: the respondents who agreed to be contacted,
// filtered by stakeholder type, city and what they chose in a choice question, and an invitation to an
// interview or a focus group for those ticked, in one step. The API sends each invitation once: a partner's
// members hear of it as the partner, someone who answered with an address gets a partner profile proposed.

import { gql } from '../../api.js';
import { h, routeLink } from '../../dom.js';
import { count, enumValues, label, t } from '../../lang.js';
import * as surveysQueries from '../../queries/surveys.js';
import { eventWhen } from '../../time.js';
import { errorBox, section } from '../../ui/frame.js';
import { optionLabel, questionPrompt } from '../../ui/survey-parts.js';
import { focusResult, resultNotice, showRefusal } from './content-parts.js';

/**
 * A group of checkboxes, one per value, with a legend; answers the element and the values ticked.
 * @param {string} name
 * @param {string} legend
 * @param {{ value: string, label: string }[]} choices
 */
function checkboxes(name, legend, choices) {
  const boxes = choices.map((c) => h('input', { type: 'checkbox', value: c.value, testid: `${name}-${c.value}` }));
  return {
    element: h('fieldset', { class: 'checkboxes' }, h('legend', null, legend), choices.map((c, i) => h('label', { class: 'checkbox' }, boxes[i], ' ', c.label))),
    ticked: () => boxes.filter((b) => b.checked).map((b) => b.value),
  };
}

/**
 * The section: the filter, the respondents it finds, and the invitation.
 * @param {any} survey the survey as its form read it (its id and questions)
 */
export function conversations(survey) {
  const types = checkboxes('contacts-type', t('contactsType'), enumValues('StakeholderType').map((v) => ({ value: v, label: label('StakeholderType', v) })));
  const cities = checkboxes('contacts-city', t('homeCity'), enumValues('City').map((v) => ({ value: v, label: label('City', v) })));
  const choiceQuestions = survey.questions.filter((/** @type {any} */ q) => q.kind === 'SINGLE_CHOICE' || q.kind === 'MULTIPLE_CHOICE');
  const question = h('select', { id: 'contacts-question', testid: 'contacts-question' }, h('option', { value: '' }, t('contactsAnyAnswer')), choiceQuestions.map((/** @type {any} */ q) => h('option', { value: q.id }, questionPrompt(q))));
  const optionsSlot = h('div');
  /** @type {{ ticked: () => string[] } | null} */
  let options = null;
  question.addEventListener('change', () => {
    const q = choiceQuestions.find((/** @type {any} */ c) => c.id === question.value);
    options = q ? checkboxes('contacts-option', t('contactsChose'), q.options.map((/** @type {any} */ o, /** @type {number} */ i) => ({ value: String(i), label: optionLabel(o) }))) : null;
    optionsSlot.replaceChildren(options ? /** @type {any} */ (options).element : '');
  });
  const found = h('div', { testid: 'contacts-found' });
  // Only what was found is said aloud, not every contact listed.
  const said = h('p', { class: 'sr-only', role: 'status' });
  const show = h('button', { type: 'submit', class: 'btn btn-secondary', testid: 'contacts-show' }, t('contactsShow'));
  const filter = h(
    'form',
    { class: 'form-stack contacts-filter', testid: 'contacts-filter' },
    types.element,
    cities.element,
    h('div', { class: 'field' }, h('label', { for: 'contacts-question' }, t('contactsQuestion')), question),
    optionsSlot,
    h('p', null, show),
  );
  filter.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = options ? options.ticked().map(Number) : [];
    if (question.value && !chosen.length) {
      // A question without an option chosen would filter nothing: say so rather than list everyone.
      found.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert', testid: 'error-message' }, t('contactsChooseOption')));
      return;
    }
    show.disabled = true;
    const byAnswer = question.value ? { questionId: question.value, choices: chosen } : {};
    try {
      const [{ survey: read }, { events }] = await Promise.all([
        gql(surveysQueries.SURVEY_CONTACTS, { id: survey.id, filter: { stakeholderType: types.ticked(), city: cities.ticked(), ...byAnswer } }, { signedIn: true }),
        gql(surveysQueries.CONVERSATION_EVENTS, { now: new Date().toISOString() }, { signedIn: true }),
      ]);
      const contacts = read && read.contacts ? read.contacts : [];
      found.replaceChildren(invitation(survey, contacts, events.nodes));
      said.textContent = count('contactsCount', contacts.length);
    } catch (err) {
      found.replaceChildren(errorBox(err, null, false));
    } finally {
      show.disabled = false;
    }
  });
  return section(t('contactsTitle'), 'survey-contacts', h('p', null, t('contactsIntro')), filter, said, found);
}

/**
 * The respondents found, each ticked, and the invitation to a conversation for those ticked.
 * @param {any} survey
 * @param {any[]} contacts
 * @param {any[]} events the conversations the viewer may invite to
 */
function invitation(survey, contacts, events) {
  if (!contacts.length) return h('p', { class: 'muted', testid: 'contacts-none' }, t('contactsNone'));
  const boxes = contacts.map((c) => h('input', { type: 'checkbox', value: c.id, checked: true, testid: 'contact-box' }));
  const list = h(
    'ul',
    { class: 'contact-list', testid: 'contact-list' },
    contacts.map((c, i) =>
      h(
        'li',
        null,
        h(
          'label',
          { class: 'checkbox' },
          boxes[i],
          ' ',
          c.partner ? c.partner.name : c.email,
          h('span', { class: 'muted small' }, ` · ${label('StakeholderType', c.stakeholderType)}${c.city ? ` · ${label('City', c.city)}` : ''}${c.partner ? '' : ` · ${t('contactsNoProfile')}`}`),
        ),
        c.partner ? [' ', routeLink(['team', 'partners', c.partner.slug], t('contactsProfile'), { class: 'small', 'aria-label': `${t('contactsProfile')}: ${c.partner.name}` })] : null,
      ),
    ),
  );
  const heading = h('p', { testid: 'contacts-count', 'data-total': String(contacts.length) }, count('contactsCount', contacts.length));
  if (!events.length) {
    return h('div', null, heading, list, h('p', { class: 'notice', testid: 'contacts-no-events' }, t('contactsNoEvents'), ' ', routeLink(['team', 'events', 'nieuw'], t('contactsNewEvent'))));
  }
  const event = h('select', { id: 'contacts-event', testid: 'contacts-event' }, events.map((ev) => h('option', { value: ev.id }, `${ev.title} · ${label('EventFormat', ev.format)} · ${eventWhen(ev, true)}`)));
  const slot = h('div');
  const invite = h('button', { type: 'submit', class: 'btn', testid: 'contacts-invite' }, t('contactsInvite'));
  const form = h('form', { class: 'form-stack', testid: 'contacts-form' }, heading, list, h('div', { class: 'field' }, h('label', { for: 'contacts-event' }, t('contactsEvent')), event), slot, h('p', null, invite));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const respondentIds = boxes.filter((b) => b.checked).map((b) => b.value);
    if (!respondentIds.length) {
      slot.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert', testid: 'error-message' }, t('contactsNoneTicked')));
      return;
    }
    invite.disabled = true;
    try {
      const { inviteSurveyRespondents } = await gql(surveysQueries.INVITE_SURVEY_RESPONDENTS, { surveyId: survey.id, eventId: event.value, respondentIds }, { signedIn: true });
      const done = resultNotice(count('contactsInvited', inviteSurveyRespondents.invited), 'contacts-invited');
      slot.replaceChildren(done);
      focusResult(done);
    } catch (err) {
      showRefusal(slot, err);
    } finally {
      invite.disabled = false;
    }
  });
  return form;
}
