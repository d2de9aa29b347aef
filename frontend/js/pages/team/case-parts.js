// @ts-check
// The parts of a pilot case's team form (pages/team/cases.js): the needed capabilities with their weights
// and the datasets (fields of its record form), the phase moves the API offers, and the members.

import { ApiError, gql } from '../../api.js';
import { announce, h, routeLink } from '../../dom.js';
import { enumValues, label, locale, t } from '../../lang.js';
import * as casesQueries from '../../queries/cases.js';
import { rerender } from '../../router.js';
import { chip, phaseChip } from '../../ui/chips.js';
import { errorBox, section } from '../../ui/frame.js';
import { showRefusal } from './content-parts.js';
import { formatInstant } from '../../time.js';

/** @typedef {import('../../ui/editor.js').CustomField} CustomField */
/** @typedef {{ id: string, role: string, status: string, createdAt: string, updatedAt: string, partner: { id: string, slug: string, name: string } }} Member */

/** A message for the next page shown (a new case's form says it was created). */
let flash = '';

/** Keeps a message for the next page shown. */
export const setFlash = (/** @type {string} */ text) => {
  flash = text;
};

/** The message kept for this page, once. */
export function takeFlash() {
  const text = flash;
  flash = '';
  return text;
}

/** Tells the form that one of its fields changed without a key being typed (a row added or removed). */
const changed = (/** @type {HTMLElement} */ el) => el.dispatchEvent(new Event('change', { bubbles: true }));

/**
 * The needed capabilities: rows of a name and a weight (1 to 5), added and removed; names already in use by
 * partners are suggested. Its value is `[{ name, weight }]`, rows without a name left out.
 * @param {string} id the field's id (its label points here, a validation error focuses it; its help is `${id}-help`)
 * @param {string[]} suggestions
 * @returns {CustomField}
 */
export function capabilitiesField(id, suggestions) {
  const listId = `${id}-names`;
  const names = h('datalist', { id: listId }, [...suggestions].sort((a, b) => a.localeCompare(b, locale())).map((name) => h('option', { value: name })));
  const rows = h('ul', { class: 'capability-rows', testid: 'capability-rows' });
  const none = h('p', { class: 'muted small', testid: 'capability-none' }, t('teamCapabilitiesNone'));
  const add = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'capability-add' }, t('teamCapabilityAdd'));
  const element = h('div', { id, class: 'capabilities', role: 'group', 'aria-label': t('neededCapabilities'), 'aria-describedby': `${id}-help`, tabindex: '-1', 'data-field': 'neededCapabilities' }, rows, none, h('p', { class: 'buttons' }, add), names);
  let made = 0;
  const showNone = () => (none.hidden = rows.children.length > 0);

  /** Adds a row; returns its name input. */
  const addRow = (name = '', weight = 3) => {
    const n = ++made;
    const nameInput = h('input', { type: 'text', id: `${id}-name-${n}`, list: listId, maxlength: 100, autocomplete: 'off', testid: 'capability-name' });
    nameInput.value = name;
    const weightSelect = h('select', { id: `${id}-weight-${n}`, testid: 'capability-weight' }, [1, 2, 3, 4, 5].map((w) => h('option', { value: String(w) }, t('teamCapabilityWeightOption', { n: w }))));
    weightSelect.value = String(weight);
    const remove = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'capability-remove' }, t('teamCapabilityRemove'));
    const nameRemove = () => remove.setAttribute('aria-label', `${t('teamCapabilityRemove')}: ${nameInput.value.trim() || t('teamCapabilityUnnamed')}`);
    nameRemove();
    nameInput.addEventListener('input', nameRemove);
    const row = h(
      'li',
      { class: 'capability-row', testid: 'capability-row' },
      h('span', { class: 'capability-name' }, h('label', { for: nameInput.id }, t('teamCapabilityName')), nameInput),
      h('span', { class: 'capability-weight' }, h('label', { for: weightSelect.id }, t('teamCapabilityWeight')), weightSelect),
      remove,
    );
    remove.addEventListener('click', () => {
      // The focus goes to the next row's name, or the previous one's, or the button that adds one.
      const next = /** @type {HTMLElement | null} */ ((row.nextElementSibling || row.previousElementSibling)?.querySelector('input') ?? null);
      row.remove();
      showNone();
      changed(element);
      (next || add).focus();
    });
    rows.append(row);
    showNone();
    return nameInput;
  };
  add.addEventListener('click', () => {
    addRow().focus();
    changed(element);
  });
  return {
    // "Sensordata (gewicht 4 van 5), …" for a conflict's comparison.
    show: (value) =>
      Array.isArray(value) && value.length ? value.map((c) => t('teamCapabilityShown', { name: String(c.name ?? ''), n: Number(c.weight) || 3 })).join(', ') : t('emptyValue'),
    element,
    read: () =>
      [...rows.querySelectorAll('li')]
        .map((row) => ({
          name: /** @type {HTMLInputElement} */ (row.querySelector('input')).value.trim(),
          weight: Number(/** @type {HTMLSelectElement} */ (row.querySelector('select')).value),
        }))
        .filter((c) => c.name),
    write: (value) => {
      rows.replaceChildren();
      for (const c of Array.isArray(value) ? value : []) addRow(String(c.name ?? ''), Number(c.weight) || 3);
      showNone();
    },
  };
}

/**
 * The datasets the case uses, chosen among all datasets (in the API's order, by title). Its value is the
 * chosen ids in that order.
 * @param {string} id
 * @param {{ id: string, title: string, publisher: string }[]} datasets
 * @returns {CustomField}
 */
export function datasetsField(id, datasets) {
  const boxes = datasets.map((d, i) => h('input', { type: 'checkbox', id: `${id}-${i}`, value: d.id, testid: 'case-dataset' }));
  const element = h(
    'div',
    { id, class: 'dataset-choices', role: 'group', 'aria-label': t('datasets'), 'aria-describedby': `${id}-help`, tabindex: '-1', 'data-field': 'datasetIds' },
    datasets.length
      ? datasets.map((d, i) => h('label', { class: 'checkbox', for: boxes[i].id }, boxes[i], ' ', d.title, h('span', { class: 'muted small' }, ` · ${d.publisher}`)))
      : h('p', { class: 'muted small' }, t('teamDatasetsNone')),
  );
  return {
    element,
    read: () => boxes.filter((b) => b.checked).map((b) => b.value),
    write: (value) => {
      const chosen = new Set(Array.isArray(value) ? value : []);
      for (const box of boxes) box.checked = chosen.has(box.value);
    },
  };
}

/**
 * The case's phase and the moves the API offers (`nextPhases`), each asked for again before it is made;
 * after a move the page is read again. A move made while the form holds unsaved changes says they will be
 * lost.
 * @param {{ id: string, phase: string, nextPhases: string[] }} c
 * @param {() => string} version the case's `updatedAt` as last read or saved
 * @param {HTMLFormElement} form the case's form
 */
export function phaseSection(c, version, form) {
  const result = h('div', { testid: 'case-phase-result' });
  const move = async (/** @type {HTMLButtonElement} */ button, /** @type {string} */ phase) => {
    const unsaved = form.querySelector('.dirty-note:not([hidden])');
    const question = t('teamPhaseConfirm', { phase: label('PilotCasePhase', phase) }) + (unsaved ? ' ' + t('teamPhaseConfirmUnsaved') : '');
    if (!window.confirm(question)) return;
    button.disabled = true;
    result.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('teamPhaseMoving')));
    try {
      const moved = (await gql(casesQueries.SET_TEAM_CASE_PHASE, { input: { id: c.id, phase, expectedUpdatedAt: version() } }, { signedIn: true })).setPilotCasePhase.pilotCase;
      setFlash(t('teamPhaseMoved', { phase: label('PilotCasePhase', moved.phase) }));
      rerender();
    } catch (err) {
      button.disabled = false;
      showRefusal(result, err, err instanceof ApiError && err.code === 'CONFLICT' ? () => rerender() : null);
    }
  };
  const buttons = c.nextPhases.map((phase) => {
    const button = h('button', { type: 'button', class: phase === 'STOPPED' ? 'btn btn-secondary' : 'btn', testid: `phase-move-${phase}` }, t('teamPhaseMove', { phase: label('PilotCasePhase', phase) }));
    button.addEventListener('click', () => move(button, phase));
    return button;
  });
  return section(
    t('phase'),
    'case-phase',
    h('p', { testid: 'case-phase-now' }, t('teamPhaseNow'), ' ', phaseChip(c.phase)),
    buttons.length ? h('p', { class: 'buttons phase-moves' }, buttons) : h('p', { class: 'muted', testid: 'case-phase-final' }, t('teamPhaseFinal')),
    result,
  );
}

/**
 * The partners on the case with their role and answer, and the open invitations (who, which role, since
 * when): a role changed, a partner taken off or an invitation withdrawn (each asked first), an approved
 * partner invited in a role the team chooses; each change reads the members again and says what happened.
 * Withdrawn invitations are not shown: that partner may be invited again.
 * @param {{ id: string, slug: string, phase: string, members: Member[] }} c
 * @param {{ id: string, name: string }[]} partners the approved partners
 */
export function membersSection(c, partners) {
  const status = h('div', { class: 'members-status', testid: 'case-members-status', tabindex: '-1' });
  const list = h('div');
  const invitations = h('div', { class: 'case-invitations' });
  const invite = h('div');
  /** Says what happened, and puts the focus on it. */
  const say = (/** @type {HTMLElement} */ notice) => {
    status.replaceChildren(notice);
    status.focus();
  };
  const done = (/** @type {string} */ text) => {
    announce(text);
    say(h('p', { class: 'notice', role: 'status', testid: 'case-members-done' }, text));
  };
  const failed = (/** @type {unknown} */ err) => say(errorBox(/** @type {any} */ (err), null, false));

  /** Reads the members again and shows them. */
  const reload = async () => {
    const data = await gql(casesQueries.TEAM_CASE_MEMBERS, { slug: c.slug }, { signedIn: true });
    if (data.pilotCase) show(data.pilotCase.members, data.pilotCase.phase);
  };
  /** Runs a change, then reads the members again (also after a refusal: the list may have changed). */
  const act = async (/** @type {() => Promise<string>} */ change) => {
    try {
      const text = await change();
      await reload();
      done(text);
    } catch (err) {
      failed(err);
      reload().catch(() => {});
    }
  };

  /**
   * The role of a member or an invitation, with its save button.
   * @param {Member} m
   */
  const roleEdit = (m) => {
    const roleId = `member-role-${m.id}`;
    const role = h('select', { id: roleId, testid: 'member-role' }, enumValues('MemberRole').map((r) => h('option', { value: r }, label('MemberRole', r))));
    role.value = m.role;
    const saveRole = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'member-role-save', 'aria-label': `${t('teamMemberRoleSave')}: ${m.partner.name}` }, t('teamMemberRoleSave'));
    saveRole.addEventListener('click', () =>
      act(async () => {
        const { member } = (await gql(casesQueries.UPDATE_TEAM_CASE_MEMBER, { input: { id: m.id, role: role.value, expectedUpdatedAt: m.updatedAt } }, { signedIn: true })).updatePilotCaseMember;
        return t('teamMemberRoleChanged', { name: m.partner.name, role: label('MemberRole', member.role) });
      }),
    );
    return [h('label', { for: roleId }, t('teamMemberRole'), h('span', { class: 'sr-only' }, ` ${t('teamMemberOf', { name: m.partner.name })}`)), role, saveRole];
  };

  /** @param {Member} m */
  const row = (m) => {
    const remove = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'member-remove', 'aria-label': `${t('teamMemberRemove')}: ${m.partner.name}` }, t('teamMemberRemove'));
    remove.addEventListener('click', () => {
      if (!window.confirm(t('teamMemberRemoveConfirm', { name: m.partner.name }))) return;
      act(async () => {
        await gql(casesQueries.REMOVE_TEAM_CASE_MEMBER, { input: { id: m.id } }, { signedIn: true });
        return t('teamMemberRemoved', { name: m.partner.name });
      });
    });
    return h(
      'li',
      { class: 'member-row', testid: 'case-member', 'data-partner': m.partner.name },
      h(
        'p',
        { class: 'member-who' },
        routeLink(['partners', m.partner.slug], m.partner.name),
        ' ',
        chip(label('MemberStatus', m.status), m.status === 'ACCEPTED' ? 'ok' : 'info', 'member-status'),
      ),
      h('p', { class: 'member-edit' }, roleEdit(m), remove),
    );
  };

  /**
   * An open invitation: the partner, its role and since when (in Brussels), to withdraw (asked first).
   * @param {Member} m
   */
  const invitationRow = (m) => {
    const withdraw = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'invitation-withdraw', 'aria-label': `${t('teamInvitationWithdraw')}: ${m.partner.name}` }, t('teamInvitationWithdraw'));
    withdraw.addEventListener('click', () => {
      if (!window.confirm(t('teamInvitationWithdrawConfirm', { name: m.partner.name }))) return;
      act(async () => {
        await gql(casesQueries.WITHDRAW_TEAM_CASE_INVITATION, { input: { id: m.id, expectedUpdatedAt: m.updatedAt } }, { signedIn: true });
        return t('teamInvitationWithdrawn', { name: m.partner.name });
      });
    });
    return h(
      'li',
      { class: 'member-row', testid: 'case-invitation', 'data-partner': m.partner.name },
      h(
        'p',
        { class: 'member-who' },
        routeLink(['partners', m.partner.slug], m.partner.name),
        ' · ',
        h('span', { testid: 'invitation-role' }, label('MemberRole', m.role)),
        ' · ',
        h('span', { class: 'muted', testid: 'invitation-since' }, t('teamInvitationSince', { when: formatInstant(m.createdAt) })),
      ),
      h('p', { class: 'member-edit' }, roleEdit(m), withdraw),
    );
  };

  /**
   * @param {Member[]} members
   * @param {string} phase
   */
  const show = (members, phase) => {
    const sorted = [...members].sort((a, b) => a.partner.name.localeCompare(b.partner.name, locale()));
    const answered = sorted.filter((m) => m.status === 'ACCEPTED' || m.status === 'DECLINED');
    // The longest open first.
    const open = sorted.filter((m) => m.status === 'INVITED').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    list.replaceChildren(
      answered.length
        ? h('ul', { class: 'member-rows', testid: 'case-members' }, answered.map(row))
        : h('p', { class: 'muted', testid: 'case-members-empty' }, t('noMembers')),
    );
    invitations.replaceChildren(
      h('h3', null, t('teamInvitationsTitle')),
      open.length
        ? h('ul', { class: 'member-rows', testid: 'case-invitations' }, open.map(invitationRow))
        : h('p', { class: 'muted', testid: 'case-invitations-empty' }, t('teamInvitationsNone')),
    );
    // A partner that declined, or whose invitation was withdrawn, may be invited again.
    const on = new Set(members.filter((m) => m.status === 'INVITED' || m.status === 'ACCEPTED').map((m) => m.partner.id));
    invite.replaceChildren(inviteForm(phase, partners.filter((p) => !on.has(p.id))));
  };

  /**
   * @param {string} phase
   * @param {{ id: string, name: string }[]} candidates
   */
  const inviteForm = (phase, candidates) => {
    if (phase === 'COMPLETED' || phase === 'STOPPED') return h('p', { class: 'muted', testid: 'invite-closed' }, t('teamInviteClosed'));
    const partner = h('select', { id: 'invite-partner', name: 'partner', required: true, testid: 'invite-partner' }, h('option', { value: '' }, t('teamInviteChoose')), candidates.map((p) => h('option', { value: p.id }, p.name)));
    // No role is chosen for the team: an empty first option, and a message if none is chosen.
    const role = h('select', { id: 'invite-role', name: 'role', required: true, testid: 'invite-role' }, h('option', { value: '' }, t('teamInviteChooseRole')), enumValues('MemberRole').map((r) => h('option', { value: r }, label('MemberRole', r))));
    const form = h(
      'form',
      { class: 'form invite-form', testid: 'invite-form', novalidate: true },
      h('h3', null, t('teamInviteTitle')),
      h('div', { class: 'field' }, h('label', { for: partner.id }, t('teamInvitePartner')), partner),
      h('div', { class: 'field' }, h('label', { for: role.id }, t('teamMemberRole')), role),
      h('p', { class: 'buttons' }, h('button', { type: 'submit', class: 'btn', testid: 'invite-submit' }, t('teamInviteSubmit'))),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      /** Marks a choice missing, says so and puts the focus on it. */
      const missing = (/** @type {HTMLSelectElement} */ select, /** @type {string} */ message) => {
        select.setAttribute('aria-invalid', 'true');
        say(h('p', { class: 'notice notice-error', role: 'alert', testid: 'error-message' }, message));
        select.focus();
      };
      partner.removeAttribute('aria-invalid');
      role.removeAttribute('aria-invalid');
      if (!partner.value) return missing(partner, t('teamInviteChooseFirst'));
      if (!role.value) return missing(role, t('teamInviteChooseRoleFirst'));
      const name = partner.selectedOptions[0]?.textContent || '';
      act(async () => {
        const { member } = (await gql(casesQueries.INVITE_TO_TEAM_CASE, { input: { pilotCaseId: c.id, partnerId: partner.value, role: role.value } }, { signedIn: true })).invitePartnerToCase;
        return t('teamInvited', { name, role: label('MemberRole', member.role) });
      });
    });
    return form;
  };

  show(c.members, c.phase);
  return section(t('members'), 'case-members-section', status, list, invitations, invite);
}
