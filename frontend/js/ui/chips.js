// @ts-check
// Chips: the small labels for a status, a city, a theme or a tag.

import { h } from '../dom.js';
import { label, t } from '../lang.js';

/**
 * A chip; `variant` picks its colour (`chip-<variant>`).
 * @param {string} text
 * @param {string} [variant]
 * @param {string} [testid]
 */
export function chip(text, variant, testid) {
  return h('span', { class: 'chip' + (variant ? ' chip-' + variant : ''), testid }, text);
}

/**
 * One chip per city, each in the city's colour.
 * @param {string[] | null | undefined} cities
 */
export function cityChips(cities) {
  return (cities || []).map((c) => chip(label('City', c), 'city-' + String(c).toLowerCase()));
}

/**
 * A list of chips, or "Niets opgegeven." when there are none.
 * @param {string[] | null | undefined} items
 * @param {string} variant
 * @param {string} testid
 */
export function chipList(items, variant, testid) {
  if (!items || !items.length) return h('p', { class: 'muted' }, t('noItems'));
  return h('ul', { class: 'chip-list', testid }, items.map((item) => h('li', null, chip(item, variant))));
}

/**
 * A value domain's status.
 * @param {string} status
 */
export function statusChip(status) {
  const variant = status === 'SELECTED' ? 'ok' : status === 'ARCHIVED' ? 'muted' : 'info';
  return chip(label('ValueDomainStatus', status), variant, 'domain-status');
}

/**
 * A pilot case's phase.
 * @param {string} phase
 */
export function phaseChip(phase) {
  const variant = phase === 'RUNNING' ? 'ok' : phase === 'STOPPED' || phase === 'COMPLETED' ? 'muted' : 'info';
  return chip(label('PilotCasePhase', phase), variant, 'case-phase');
}
