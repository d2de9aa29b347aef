// @ts-check
// For the team, on a pilot case's page: the partners that fit the case and a suggested team (beside the
// members who accepted already), with a way to invite a partner to the case in a role.

import { accountOrEnded, onTeam } from '../account.js';
import { gql } from '../api.js';
import { announce, h, routeLink } from '../dom.js';
import { enumValues, label, t } from '../lang.js';
import * as queries from '../queries.js';
import { rerender } from '../router.js';
import { chip } from './chips.js';
import { replaceFocused } from './forms.js';
import { errorBox, section } from './frame.js';

/**
 * @typedef {object} Breakdown what makes a partner fit a case (`PartnerMatch.breakdown`)
 * @property {string[]} capabilitiesCovered
 * @property {number} dataOffered
 * @property {number} dataNeeded
 * @property {boolean} interested
 * @property {number} stakeholderFit
 * @property {boolean} local
 * @property {number} engagement
 */
/**
 * @typedef {object} PartnerMatch
 * @property {number} score
 * @property {{ id: string, slug: string, name: string, status: string, stakeholderType: string }} partner
 * @property {Breakdown} breakdown
 */
/** @typedef {{ caseId: string, standing: Map<string, string> }} Invite the case, and where each partner stands with it */

/**
 * For the team, on a pilot case's page: the suggested team and the best-fitting partners, each with what
 * makes it fit. Null for everyone else.
 * @param {{ id: string, phase: string, cities: string[] }} c
 */
export async function caseMatching(c) {
  let me;
  try {
    ({ me } = await accountOrEnded());
  } catch (_) {
    return null;
  }
  if (!onTeam(me)) return null;
  let data;
  try {
    data = await gql(queries.MATCHING, { id: c.id }, { signedIn: true });
  } catch (err) {
    return section(t('matchingTitle'), 'case-matching', errorBox(err, () => rerender(), false));
  }
  const team = data.suggestTeam;
  // Where each partner stands with this case already: invited, taking part or declined.
  const standing = new Map((data.node?.members || []).map((m) => [m.partner.id, m.status]));
  // Inviting is for admins and the coordinators of the case's cities, while the case is still open.
  const manages = me.role === 'ADMIN' || !c.cities.length || c.cities.some((city) => me.cities.includes(city));
  const open = !['COMPLETED', 'STOPPED'].includes(c.phase);
  const invite = manages && open ? { caseId: c.id, standing } : null;
  const accepted = team.acceptedMembers;
  const uncovered = [
    ...team.uncoveredCapabilities,
    ...team.uncoveredStakeholderTypes.map((s) => label('StakeholderType', s)),
  ];
  return section(
    t('matchingTitle'),
    'case-matching',
    h('p', { class: 'muted' }, t('matchingIntro')),
    h('h3', null, t('teamAlreadyOn')),
    accepted.length ? matchList(accepted, 'team-accepted-list', invite) : h('p', { class: 'muted empty', testid: 'team-accepted-list-empty' }, t('teamAlreadyOnNone')),
    h('h3', null, t('suggestedTeam')),
    h('p', { testid: 'team-coverage' }, t(accepted.length ? 'teamCoverageWith' : 'teamCoverage', { p: percent(team.coverage) })),
    uncovered.length ? h('p', { class: 'muted', testid: 'team-uncovered' }, t('teamUncovered', { list: uncovered.join(', ') })) : null,
    matchList(team.members, 'team-list', invite),
    h('h3', null, t('bestMatches')),
    matchList(data.matchPartners, 'match-list', invite),
  );
}

/** A share (0 to 1) as a percentage. */
export const percent = (/** @type {number} */ share) => `${Math.round(share * 100)}%`;

/**
 * Partners with their score and, in the page's language, why they fit; with `invite`, each partner not
 * yet asked can be invited to the case in a role.
 * @param {PartnerMatch[]} matches
 * @param {string} testid
 * @param {Invite | null} invite
 */
function matchList(matches, testid, invite) {
  if (!matches.length) return h('p', { class: 'muted empty', testid: testid + '-empty' }, t('noMatches'));
  return h(
    'ol',
    { class: 'rows', testid },
    matches.map(({ partner, score, breakdown: b }) =>
      h(
        'li',
        { class: 'row', testid: 'match-item', 'data-score': String(score), 'data-partner': partner.id },
        h(
          'span',
          { class: 'row-main' },
          // Only an approved partner has a public page to link to.
          partner.status === 'APPROVED' ? routeLink(['partners', partner.slug], partner.name) : partner.name,
          h('span', { class: 'muted small' }, ' · ' + label('StakeholderType', partner.stakeholderType)),
          h('span', { class: 'block small' }, matchReasons(b).join(' · ')),
        ),
        h('span', { class: 'chips' }, chip(percent(score), 'ok'), invite ? inviteControl(invite, partner) : null),
      ),
    ),
  );
}

/**
 * The partner's standing with the case, or a role to choose and a button to invite it.
 * @param {Invite} invite
 * @param {PartnerMatch['partner']} partner
 */
function inviteControl({ caseId, standing }, partner) {
  const status = standing.get(partner.id);
  // A partner that declined, or whose invitation was withdrawn, may be asked again; one invited or taking
  // part may not.
  if (status === 'INVITED' || status === 'ACCEPTED') return chip(label('MemberStatus', status), status === 'ACCEPTED' ? 'ok' : 'info');
  // No role is chosen for the team: an empty first option, and a message if none is chosen.
  const role = h(
    'select',
    { 'aria-label': t('inviteRole', { name: partner.name }), required: true, testid: 'invite-role' },
    h('option', { value: '' }, t('inviteChooseRole')),
    enumValues('MemberRole').map((v) => h('option', { value: v }, label('MemberRole', v))),
  );
  const button = h('button', { type: 'button', class: 'btn btn-small', testid: 'invite', 'aria-label': `${t('invite')}: ${partner.name}` }, t('invite'));
  const problem = h('span', { class: 'field-error', testid: 'invite-role-missing' });
  const control = h('span', { class: 'invite' }, role, ' ', button, problem);
  role.addEventListener('change', () => {
    role.removeAttribute('aria-invalid');
    problem.replaceChildren();
  });
  button.addEventListener('click', async () => {
    if (!role.value) {
      role.setAttribute('aria-invalid', 'true');
      problem.replaceChildren(t('inviteChooseRoleFirst', { name: partner.name }));
      announce(t('inviteChooseRoleFirst', { name: partner.name }));
      role.focus();
      return;
    }
    button.disabled = true;
    role.disabled = true;
    let shown;
    try {
      const { invitePartnerToCase } = await gql(queries.INVITE, { pilotCaseId: caseId, partnerId: partner.id, role: role.value }, { signedIn: true });
      const status = invitePartnerToCase.member.status;
      standing.set(partner.id, status);
      shown = chip(label('MemberStatus', status), 'info');
      // The partner may be in both lists: its other control goes too.
      for (const other of document.querySelectorAll(`[data-partner="${CSS.escape(partner.id)}"] .invite`)) {
        if (other !== control) other.replaceWith(chip(label('MemberStatus', status), 'info'));
      }
    } catch (err) {
      shown = errorBox(err, null, false);
    }
    replaceFocused(control, shown);
  });
  return control;
}

/**
 * Why a partner fits, in the page's language.
 * @param {Breakdown} b
 */
export function matchReasons(b) {
  const reasons = [];
  if (b.capabilitiesCovered.length) reasons.push(t('reasonCovers', { list: b.capabilitiesCovered.join(', ') }));
  if (b.dataOffered > 0) reasons.push(t('reasonData', { p: percent(b.dataOffered) }));
  if (b.dataNeeded > 0) reasons.push(t('reasonNeeds'));
  if (b.interested) reasons.push(t('reasonInterest'));
  if (b.stakeholderFit >= 1) reasons.push(t('reasonType'));
  if (b.local) reasons.push(t('reasonLocal'));
  if (b.engagement > 0) reasons.push(t('reasonEngaged'));
  return reasons;
}
