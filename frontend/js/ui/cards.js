// @ts-check
// The cards of each kind of record, as lists and pages show them (the fields of the card fragments in
// queries.js).

import { externalLink, firstParagraph, h, routeLink, timeEl } from '../dom.js';
import { label, t } from '../lang.js';
import { badgeDate, eventWhen, formatDay } from '../time.js';
import { chip, cityChips, phaseChip, statusChip } from './chips.js';

/**
 * @typedef {object} EventCardFields
 * @property {string} slug
 * @property {string} title
 * @property {string} format
 * @property {string} status
 * @property {string} startsAtLocal
 * @property {string} endsAtLocal
 * @property {string} timeZone
 * @property {string | null} venue
 * @property {string | null} onlineUrl
 * @property {string[]} cities
 */

/**
 * The day and month of an event, coloured by its city.
 * @param {EventCardFields} ev
 */
function dateBadge(ev) {
  const date = badgeDate(ev);
  if (!date) return null;
  const city = (ev.cities || []).length === 1 ? String(ev.cities[0]).toLowerCase() : 'both';
  return h(
    'div',
    { class: 'date-badge date-badge-' + city, 'aria-hidden': 'true' },
    h('span', { class: 'date-badge-day' }, date.day),
    h('span', { class: 'date-badge-month' }, date.month),
  );
}

/**
 * An event's card.
 * @param {EventCardFields} ev
 */
export function eventCard(ev) {
  const where = ev.venue
    ? ev.venue
    : ev.onlineUrl
      ? t('online')
      : null;
  return h(
    'li',
    {
      class:
        'card card-event' +
        ((ev.cities || []).length === 1 ? ' card-event-' + String(ev.cities[0]).toLowerCase() : '') +
        (ev.status === 'CANCELLED' ? ' is-cancelled' : ''),
      testid: 'event-item',
    },
    dateBadge(ev),
    h(
      'div',
      { class: 'card-body' },
      h('h3', { class: 'card-title' }, routeLink(['events', ev.slug], ev.title)),
      h('p', { class: 'card-meta' }, timeEl(ev.startsAtLocal, eventWhen(ev, true))),
      where ? h('p', { class: 'card-meta' }, where) : null,
      h(
        'p',
        { class: 'chips' },
        ev.status === 'CANCELLED' ? chip(label('EventStatus', 'CANCELLED'), 'warn') : null,
        ev.status === 'COMPLETED' ? chip(label('EventStatus', 'COMPLETED'), 'muted') : null,
        chip(label('EventFormat', ev.format), 'format'),
        cityChips(ev.cities),
      ),
    ),
  );
}

/**
 * A value domain's card.
 * @param {{ slug: string, name: string, descriptionHtml: string, status: string, priorityScore: number, themes: string[] }} d
 */
export function domainCard(d) {
  return h(
    'li',
    { class: 'card card-domain', testid: 'domain-item' },
    h(
      'div',
      { class: 'card-body' },
      h('div', { class: 'card-head' }, h('h3', { class: 'card-title' }, routeLink(['domeinen', d.slug], d.name)), statusChip(d.status)),
      firstParagraph(d.descriptionHtml),
      priorityMeter(d.priorityScore),
      d.themes && d.themes.length ? h('p', { class: 'chips' }, d.themes.map((th) => chip(label('Theme', th), 'theme'))) : null,
    ),
  );
}

/**
 * A value domain's priority score (0 to 100) as a bar.
 * @param {number} score
 */
export function priorityMeter(score) {
  const value = Math.max(0, Math.min(100, Number(score) || 0));
  const fill = h('span', { class: 'meter-fill' });
  fill.style.width = value + '%';
  return h(
    'div',
    { class: 'priority', testid: 'priority-score' },
    h('span', { class: 'priority-label' }, t('priority')),
    h('span', { class: 'meter', role: 'img', 'aria-label': t('priorityOf', { score: value }) }, fill),
    h('span', { class: 'priority-value', 'aria-hidden': 'true' }, String(value)),
  );
}

/**
 * A pilot case's card; `showDomain` adds a link to its value domain.
 * @param {{ slug: string, title: string, summary: string | null, phase: string, cities: string[], valueDomain: { slug: string, name: string } | null }} c
 */
export function caseCard(c, showDomain = true) {
  return h(
    'li',
    { class: 'card card-case', testid: 'case-item' },
    h(
      'div',
      { class: 'card-body' },
      h('div', { class: 'card-head' }, h('h3', { class: 'card-title' }, routeLink(['cases', c.slug], c.title)), phaseChip(c.phase)),
      c.summary ? h('p', { class: 'card-text' }, c.summary) : null,
      showDomain && c.valueDomain ? h('p', { class: 'card-meta' }, t('valueDomain') + ': ', routeLink(['domeinen', c.valueDomain.slug], c.valueDomain.name)) : null,
      h('p', { class: 'chips' }, cityChips(c.cities)),
    ),
  );
}

/**
 * A partner's card.
 * @param {{ slug: string, name: string, stakeholderType: string, homeCity: string | null, capabilities: string[] }} p
 */
export function partnerCard(p) {
  return h(
    'li',
    { class: 'card card-partner', testid: 'partner-item' },
    h(
      'div',
      { class: 'card-body' },
      h('h3', { class: 'card-title' }, routeLink(['partners', p.slug], p.name)),
      h(
        'p',
        { class: 'chips' },
        chip(label('StakeholderType', p.stakeholderType), 'type'),
        p.homeCity ? cityChips([p.homeCity]) : chip(t('elsewhere'), 'muted'),
      ),
      p.capabilities && p.capabilities.length
        ? h('p', { class: 'card-meta' }, p.capabilities.slice(0, 4).join(' · ') + (p.capabilities.length > 4 ? ' …' : ''))
        : null,
    ),
  );
}

/**
 * A success story's card.
 * @param {{ slug: string, title: string, summary: string | null, publishedAt: string | null, city: string | null }} s
 */
export function storyCard(s) {
  return h(
    'li',
    { class: 'card card-story', testid: 'story-item' },
    h(
      'div',
      { class: 'card-body' },
      h('h3', { class: 'card-title' }, routeLink(['verhalen', s.slug], s.title)),
      s.summary ? h('p', { class: 'card-text' }, s.summary) : null,
      h(
        'p',
        { class: 'card-meta' },
        s.publishedAt ? timeEl(s.publishedAt, formatDay(s.publishedAt)) : null,
        s.city ? [' ', cityChips([s.city])] : null,
      ),
    ),
  );
}

/**
 * A dataset's card.
 * @param {{ slug: string, title: string, publisher: string, licence: string, theme: string, url: string }} d
 */
export function datasetCard(d) {
  return h(
    'li',
    { class: 'card card-dataset', testid: 'dataset-item' },
    h(
      'div',
      { class: 'card-body' },
      h('h3', { class: 'card-title' }, routeLink(['datasets', d.slug], d.title)),
      h('p', { class: 'card-meta' }, `${t('publisher')}: ${d.publisher} · ${t('licence')}: ${d.licence}`),
      h('p', { class: 'chips' }, chip(label('Theme', d.theme), 'theme')),
      h('p', { class: 'card-link' }, externalLink(d.url, t('openDataset'), 'dataset-url')),
    ),
  );
}

/**
 * A list of cards, or a quiet "nothing here" line.
 * @template T
 * @param {T[] | null | undefined} items
 * @param {(item: T) => HTMLElement} render
 * @param {string} testid
 * @param {string} [emptyText]
 * @param {string} [extraClass]
 */
export function cardList(items, render, testid, emptyText, extraClass) {
  if (!items || !items.length) return h('p', { class: 'muted empty', testid: testid + '-empty' }, emptyText || t('empty'));
  return h('ul', { class: 'cards' + (extraClass ? ' ' + extraClass : ''), testid }, items.map((item) => render(item)));
}
