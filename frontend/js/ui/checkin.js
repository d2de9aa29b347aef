// @ts-check
// Checking in the people of a registration: the registration a code typed is for, while people of it are
// still to come, and the choice of who of them comes in (the door, and an event's registrations).

import { h } from '../dom.js';
import { t } from '../lang.js';
import { formatInstant } from '../time.js';

/**
 * A registration as a check-in reads it: its code, its partner and its people.
 * @typedef {{ id: string, code: string | null, status: string, partner: { name: string }, people: { id: string, name: string, checkedInAt: string | null }[] }} Arriving
 */

/**
 * The registration of those read whose code was typed (spaces and case do not matter, as for the API),
 * when it holds a seat and people of it have yet to check in; else null (the API then says why the code
 * cannot check in).
 * @template {Arriving} R
 * @param {R[]} registrations
 * @param {string} typed
 * @returns {R | null}
 */
export function waitingWith(registrations, typed) {
  const code = typed.trim().toUpperCase();
  return registrations.find((r) => r.code === code && (r.status === 'CONFIRMED' || r.status === 'ATTENDED') && r.people.some((p) => !p.checkedInAt)) || null;
}

/**
 * The choice of who of a registration comes in: a box per person, those not yet in ticked, those in
 * shown ticked and fixed, with the time they came. `send` gets the ids ticked (at least one); the button
 * that sends them takes the focus, so a second Enter checks everyone waiting in.
 * @param {Arriving} registration
 * @param {(personIds: string[]) => void} send
 * @param {() => void} cancel
 * @param {string} idPrefix the start of its boxes' ids, one of its own for each choice on a page
 */
export function peopleChoice(registration, send, cancel, idPrefix) {
  const boxes = registration.people.map((person, i) =>
    h('input', { type: 'checkbox', id: `${idPrefix}-person-${i}`, value: person.id, checked: true, disabled: !!person.checkedInAt, testid: 'door-person-box' }),
  );
  const note = h('p', { class: 'field-error', role: 'alert', testid: 'door-choice-none', hidden: true }, t('doorChooseSomeone'));
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'door-choice-submit' }, t('doorCheckInChosen'));
  const form = h(
    'form',
    { class: 'panel form-stack door-choice', testid: 'door-choice', 'data-code': registration.code || '' },
    h(
      'fieldset',
      null,
      h('legend', null, t('doorWho', { partner: registration.partner.name })),
      h(
        'ul',
        null,
        registration.people.map((person, i) =>
          h(
            'li',
            { testid: 'door-person', 'data-checked-in': person.checkedInAt ? 'true' : 'false' },
            h('label', { class: 'checkbox', for: boxes[i].id }, boxes[i], person.name, person.checkedInAt ? h('span', { class: 'muted small' }, ` · ${t('doorPersonIn', { when: formatInstant(person.checkedInAt) })}`) : null),
          ),
        ),
      ),
    ),
    note,
    h('p', { class: 'buttons' }, submit, ' ', h('button', { type: 'button', class: 'btn btn-secondary', testid: 'door-choice-cancel', onclick: cancel }, t('doorChoiceCancel'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = boxes.filter((b) => b.checked && !b.disabled).map((b) => b.value);
    note.hidden = chosen.length > 0;
    if (chosen.length) send(chosen);
  });
  return { form, submit };
}
