// @ts-check
// Mijn LODE, the open pilot cases that fit the partner: best first, each with why it fits (the reasons the
// team reads too) and a "not for us", which keeps the partner out of the case's rankings and can be taken
// back at once.

import { gql } from '../api.js';
import { announce, h, routeLink } from '../dom.js';
import { label, t } from '../lang.js';
import * as portal from '../queries/portal.js';
import { rerender } from '../router.js';
import { chip } from '../ui/chips.js';
import { replaceFocused } from '../ui/forms.js';
import { errorBox } from '../ui/frame.js';
import { matchReasons, percent } from '../ui/matching.js';

/**
 * The cases that fit the partner, each with its "not for us".
 * @param {string} partnerId
 */
export async function matchingCases(partnerId) {
  let matches;
  try {
    ({ matchingCases: matches } = await gql(portal.MATCHING_CASES, { partnerId }, { signedIn: true }));
  } catch (err) {
    return errorBox(err, () => rerender(), false);
  }
  return [
    h('p', { class: 'muted' }, t('mineCasesIntro')),
    matches.length
      ? h(
          'ol',
          { class: 'rows', testid: 'case-match-list' },
          matches.map((/** @type {any} */ m) => caseRow(partnerId, m)),
        )
      : h('p', { class: 'muted empty', testid: 'case-match-list-empty' }, t('noMatchingCases')),
  ];
}

/**
 * One case that fits, with why, and its "not for us"; once marked, the row says so, with a way back.
 * @param {string} partnerId
 * @param {{ score: number, pilotCase: { id: string, slug: string, title: string, phase: string }, breakdown: import('../ui/matching.js').Breakdown }} m
 */
function caseRow(partnerId, m) {
  const c = m.pilotCase;
  const reasons = matchReasons(m.breakdown);
  const notForUs = h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'not-for-us', 'aria-label': `${t('notForUs')}: ${c.title}` }, t('notForUs'));
  const row = h(
    'li',
    { class: 'row', testid: 'case-match-item', 'data-case': c.id },
    h(
      'span',
      { class: 'row-main' },
      routeLink(['cases', c.slug], c.title),
      h('span', { class: 'muted small' }, ' · ' + label('PilotCasePhase', c.phase)),
      reasons.length ? h('span', { class: 'block small', testid: 'case-match-why' }, t('matchWhy', { list: reasons.join(' · ') })) : null,
    ),
    h('span', { class: 'chips' }, chip(t('matchFit', { p: percent(m.score) }), 'ok'), notForUs),
  );
  /**
   * Records the partner's answer.
   * @param {boolean} interested
   */
  const answer = (interested) => gql(portal.SET_CASE_INTEREST, { caseId: c.id, partnerId, interested }, { signedIn: true });
  notForUs.addEventListener('click', async () => {
    notForUs.disabled = true;
    try {
      await answer(false);
    } catch (err) {
      replaceFocused(notForUs, errorBox(err, () => rerender(), false));
      return;
    }
    const undo = h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'undo-not-for-us', 'aria-label': `${t('notForUsUndo')}: ${c.title}` }, t('notForUsUndo'));
    const marked = h(
      'li',
      { class: 'row', testid: 'case-not-for-us', 'data-case': c.id },
      h('span', { class: 'row-main', role: 'status' }, t('notForUsDone', { title: c.title })),
      h('span', { class: 'chips' }, undo),
    );
    undo.addEventListener('click', async () => {
      undo.disabled = true;
      try {
        await answer(true);
        notForUs.disabled = false;
        marked.replaceWith(row);
        notForUs.focus();
        announce(t('interestBack', { title: c.title }));
      } catch (err) {
        replaceFocused(undo, errorBox(err, () => rerender(), false));
      }
    });
    row.replaceWith(marked);
    undo.focus();
    announce(t('notForUsDone', { title: c.title }));
  });
  return row;
}
