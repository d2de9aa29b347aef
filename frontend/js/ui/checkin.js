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
 * The choice of who comes in, as `peopleChoice` makes it.
 * @typedef {object} PeopleChoice
 * @property {HTMLFormElement} form
 * @property {HTMLButtonElement} submit the button that checks in those ticked
 * @property {(registration: Arriving, message?: string | null) => void} update shows the registration as
 *   read again (a box unticked stays unticked, the focus stays on the same person's box), with `message`
 *   above the people when given
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
 * The people of a registration not yet checked in.
 * @param {Arriving} registration
 */
export function waitingPeople(registration) {
  return registration.people.filter((p) => !p.checkedInAt);
}

/**
 * The choice of who of a registration comes in: a box per person not yet in, ticked, and those in as text
 * with the time they came. The buttons are in the fieldset, so its legend names them. `send` gets the ids
 * ticked (at least one); while it runs, the form sends nothing more (a second Enter or click).
 * @param {Arriving} registration
 * @param {(personIds: string[]) => Promise<unknown>} send
 * @param {() => void} cancel
 * @param {string} idPrefix the start of its elements' ids, one of its own for each choice on a page
 * @returns {PeopleChoice}
 */
export function peopleChoice(registration, send, cancel, idPrefix) {
  const noteId = `${idPrefix}-none`;
  const note = h('p', { id: noteId, class: 'field-error', role: 'alert', testid: 'door-choice-none', hidden: true }, t('doorChooseSomeone'));
  const changed = h('p', { class: 'notice notice-warn', role: 'alert', testid: 'door-choice-changed', hidden: true });
  const legend = h('legend');
  const list = h('ul');
  const submit = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'btn', testid: 'door-choice-submit' }, t('doorCheckInChosen')));
  const fieldset = h(
    'fieldset',
    null,
    legend,
    changed,
    list,
    note,
    h('p', { class: 'buttons' }, submit, ' ', h('button', { type: 'button', class: 'btn btn-secondary', testid: 'door-choice-cancel', onclick: cancel }, t('doorChoiceCancel'))),
  );
  const form = /** @type {HTMLFormElement} */ (h('form', { class: 'panel form-stack door-choice', testid: 'door-choice', 'data-code': registration.code || '' }, fieldset));
  /** The people unticked, by id: they stay so when the registration is read again. */
  const unticked = new Set();
  /** @type {HTMLInputElement[]} */
  let boxes = [];
  let sending = false;

  /** Says that nobody is ticked (or no longer says it). @param {boolean} none */
  const noneTicked = (none) => {
    note.hidden = !none;
    if (none) fieldset.setAttribute('aria-describedby', noteId);
    else fieldset.removeAttribute('aria-describedby');
  };

  /** @param {Arriving} r */
  const show = (r) => {
    legend.textContent = t('doorWho', { partner: r.partner.name });
    boxes = [];
    list.replaceChildren(
      ...r.people.map((person, i) => {
        if (person.checkedInAt) {
          return h('li', { class: 'door-person-in', testid: 'door-person', 'data-checked-in': 'true' }, person.name, h('span', { class: 'muted small' }, ` · ${t('doorPersonIn', { when: formatInstant(person.checkedInAt) })}`));
        }
        const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: `${idPrefix}-person-${i}`, value: person.id, checked: !unticked.has(person.id), testid: 'door-person-box' }));
        box.addEventListener('change', () => {
          if (box.checked) unticked.delete(person.id);
          else unticked.add(person.id);
          if (box.checked) noneTicked(false);
        });
        boxes.push(box);
        return h('li', { testid: 'door-person', 'data-checked-in': 'false' }, h('label', { class: 'checkbox', for: box.id }, box, person.name));
      }),
    );
  };
  show(registration);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (sending) return;
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    noneTicked(!chosen.length);
    if (!chosen.length) return;
    sending = true;
    submit.setAttribute('aria-disabled', 'true');
    try {
      await send(chosen);
    } finally {
      sending = false;
      submit.removeAttribute('aria-disabled');
    }
  });

  return {
    form,
    submit,
    update(r, message = null) {
      const focused = document.activeElement;
      const focusedPerson = focused instanceof HTMLInputElement && boxes.includes(focused) ? focused.value : null;
      show(r);
      if (message) {
        changed.textContent = message;
        changed.hidden = false;
      }
      const again = focusedPerson ? boxes.find((b) => b.value === focusedPerson) : null;
      // The person whose box had the focus came in meanwhile: the focus goes to the first box left.
      if (focusedPerson) (again || boxes[0] || submit).focus();
    },
  };
}
