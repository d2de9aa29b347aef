// @ts-check
// Charts drawn as SVG, for figures people would rather look at than read: a bar per answer, and the value
// domains' scores as a mean with its spread. Each is a figure whose caption names it; its SVG is one image
// (`role="img"`) described in words (every figure it shows), and a table below holds the same figures, broken
// down further, for whoever would rather read them. Texts go in as text nodes, as everywhere (see dom.js).

import { h } from '../dom.js';
import { formatNumber, label, locale, t } from '../lang.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The drawing's width in its own units; it scales to the figure's width. */
const WIDTH = 320;
/** The longest label drawn in full; a longer one is cut (the description and the table hold it whole). */
const LABEL_CHARS = 46;

/**
 * An SVG element, its attributes and children (strings become text nodes).
 * @param {string} tag
 * @param {Record<string, string | number>} attributes
 * @param {(Node | string)[]} children
 */
function svg(tag, attributes, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  el.append(...children);
  return el;
}

let made = 0;
/** An id for a chart's parts, unique on the page. */
const nextId = () => `chart-${++made}`;

/** A label short enough to draw in one line. @param {string} text */
const cut = (text) => (text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + '…' : text);

/** A decimal number, to one place. @param {number} n */
export const oneDecimal = (n) => new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

/** A share of a whole as a percentage, in whole numbers. @param {number} part @param {number} whole */
const percent = (part, whole) => (whole ? `${Math.round((100 * part) / whole)} %` : '—');

/**
 * The figure: its caption, the drawing (one image, described by `description`) and the table with the same
 * figures, which opens on demand.
 * @param {string} caption
 * @param {SVGSVGElement} drawing
 * @param {string} description
 * @param {HTMLTableElement} table
 * @param {string} testid
 */
function figure(caption, drawing, description, table, testid) {
  const id = nextId();
  drawing.setAttribute('role', 'img');
  drawing.setAttribute('aria-labelledby', `${id}-caption ${id}-desc`);
  drawing.prepend(svg('desc', { id: `${id}-desc` }, description));
  return h(
    'figure',
    { class: 'chart', testid },
    h('figcaption', { id: `${id}-caption`, class: 'chart-caption' }, caption),
    drawing,
    h('details', { class: 'chart-table' }, h('summary', null, t('chartAsTable')), h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, table)),
  );
}

/**
 * A table: a header row and rows of cells, the first cell of each row its header.
 * @param {string} caption
 * @param {string[]} headers
 * @param {string[][]} rows
 */
function dataTable(caption, headers, rows) {
  return h(
    'table',
    { class: 'data-table' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null, h('tr', null, headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', null, rows.map(([first, ...rest]) => h('tr', null, h('th', { scope: 'row' }, first), rest.map((cell) => h('td', null, cell))))),
  );
}

/**
 * A count broken down as the API answers it to the viewer (`SurveyTally`).
 * @typedef {{ total: number, byStakeholderType?: { stakeholderType: string, count: number }[], byCity?: { city: string | null, count: number }[] }} Tally
 */

/**
 * The columns of a breakdown shown in a table: the stakeholder types and cities that any row counts (none
 * when the API leaves the breakdown out, to keep small groups unrecognisable).
 * @param {Tally[]} tallies
 */
function breakdownColumns(tallies) {
  const types = [...new Set(tallies.flatMap((tally) => (tally.byStakeholderType || []).map((b) => b.stakeholderType)))];
  const cities = [...new Set(tallies.flatMap((tally) => (tally.byCity || []).map((b) => b.city)))];
  return [
    ...types.map((type) => ({ header: label('StakeholderType', type), count: (/** @type {Tally} */ tally) => tally.byStakeholderType?.find((b) => b.stakeholderType === type)?.count ?? 0 })),
    ...cities.map((city) => ({ header: city ? label('City', city) : t('chartNoCity'), count: (/** @type {Tally} */ tally) => tally.byCity?.find((b) => b.city === city)?.count ?? 0 })),
  ];
}

/**
 * A bar for each answer (an option, a step of a scale), its count and its share of `total`, drawn with
 * its label above it; the table adds the breakdown by stakeholder type and by city as far as the viewer may
 * read it.
 * @param {{ caption: string, rows: { label: string, tally: Tally }[], total: number, testid: string }} chart
 */
export function barChart({ caption, rows, total, testid }) {
  const rowHeight = 40;
  const barSpace = WIDTH - 80;
  const most = Math.max(1, ...rows.map((row) => row.tally.total));
  const drawing = /** @type {SVGSVGElement} */ (svg('svg', { viewBox: `0 0 ${WIDTH} ${rows.length * rowHeight + 4}`, class: 'chart-drawing' }));
  rows.forEach((row, i) => {
    const top = i * rowHeight;
    const length = (row.tally.total / most) * barSpace;
    drawing.append(
      svg('text', { x: 0, y: top + 14, class: 'chart-label' }, cut(row.label)),
      svg('rect', { x: 0, y: top + 20, width: Math.max(length, 1), height: 14, rx: 2, class: 'chart-bar' }),
      svg('text', { x: Math.max(length, 1) + 6, y: top + 32, class: 'chart-value' }, `${formatNumber(row.tally.total)} (${percent(row.tally.total, total)})`),
    );
  });
  const description = rows.map((row) => t('chartBarText', { label: row.label, n: formatNumber(row.tally.total), share: percent(row.tally.total, total) })).join('; ');
  const columns = breakdownColumns(rows.map((row) => row.tally));
  const table = dataTable(
    caption,
    [t('chartAnswer'), t('chartCount'), t('chartShare'), ...columns.map((c) => c.header)],
    rows.map((row) => [row.label, formatNumber(row.tally.total), percent(row.tally.total, total), ...columns.map((c) => formatNumber(c.count(row.tally)))]),
  );
  return figure(caption, drawing, description, table, testid);
}

/**
 * How the answers to one score add up (`SurveyScoreSummary`).
 * @typedef {{ n: number, noOpinion: number, mean: number | null, spread: number | null, weightedMean: number | null, suggested: number | null, byStakeholderType: { stakeholderType: string, n: number, mean: number }[] }} Score
 */
/** @typedef {{ valueDomain: { name: string } | null, economicValue: Score, societalValue: Score, dataReadiness: Score }} DomainResult */

/** The three scores of a value domain, with their names. */
const SCORES = /** @type {const} */ (['economicValue', 'societalValue', 'dataReadiness']);

/**
 * The value domains' three scores, each as its mean (a dot) with its spread (a line one standard deviation
 * either side) on the scale from 1 to 5, and its n; the table adds no-opinion counts, the weighted mean, the
 * suggested score and the mean of each stakeholder type.
 * @param {{ caption: string, domains: DomainResult[], testid: string }} chart
 */
export function scoreChart({ caption, domains, testid }) {
  const left = 12;
  const right = WIDTH - 12;
  const x = (/** @type {number} */ score) => left + ((score - 1) / 4) * (right - left);
  const headHeight = 24;
  const rowHeight = 36;
  const axis = 20;
  const height = axis + domains.length * (headHeight + SCORES.length * rowHeight) + 4;
  const drawing = /** @type {SVGSVGElement} */ (svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'chart-drawing' }));
  for (let step = 1; step <= 5; step++) {
    drawing.append(svg('line', { x1: x(step), x2: x(step), y1: axis - 4, y2: height, class: 'chart-grid' }), svg('text', { x: x(step), y: 12, class: 'chart-tick' }, String(step)));
  }
  /** @type {string[]} */
  const said = [];
  let top = axis;
  for (const domain of domains) {
    const name = domain.valueDomain ? domain.valueDomain.name : t('chartDomainGone');
    drawing.append(svg('text', { x: 0, y: top + 16, class: 'chart-heading' }, cut(name)));
    top += headHeight;
    for (const key of SCORES) {
      const score = domain[key];
      const what = t(key);
      const figures = score.mean === null ? t('chartNoScores') : `${oneDecimal(score.mean)} ± ${oneDecimal(score.spread ?? 0)} · n ${formatNumber(score.n)}`;
      drawing.append(svg('text', { x: 0, y: top + 12, class: 'chart-label' }, what), svg('text', { x: WIDTH, y: top + 12, class: 'chart-value chart-value-end' }, figures));
      if (score.mean !== null) {
        const spread = score.spread ?? 0;
        drawing.append(
          svg('line', { x1: x(Math.max(1, score.mean - spread)), x2: x(Math.min(5, score.mean + spread)), y1: top + 24, y2: top + 24, class: 'chart-spread' }),
          svg('circle', { cx: x(score.mean), cy: top + 24, r: 5, class: 'chart-mean' }),
        );
        said.push(t('chartScoreText', { domain: name, score: what, mean: oneDecimal(score.mean), spread: oneDecimal(spread), n: formatNumber(score.n) }));
      } else {
        said.push(`${name}, ${what}: ${t('chartNoScores')}`);
      }
      top += rowHeight;
    }
  }
  const types = [...new Set(domains.flatMap((d) => SCORES.flatMap((key) => d[key].byStakeholderType.map((b) => b.stakeholderType))))];
  const shown = (/** @type {number | null} */ n) => (n === null ? '—' : oneDecimal(n));
  const table = dataTable(
    caption,
    [t('chartScore'), 'n', t('chartNoOpinion'), t('chartMean'), t('chartSpread'), t('chartWeightedMean'), t('chartSuggested'), ...types.map((type) => label('StakeholderType', type))],
    domains.flatMap((domain) =>
      SCORES.map((key) => {
        const score = domain[key];
        return [
          `${domain.valueDomain ? domain.valueDomain.name : t('chartDomainGone')}: ${t(key)}`,
          formatNumber(score.n),
          formatNumber(score.noOpinion),
          shown(score.mean),
          shown(score.spread),
          shown(score.weightedMean),
          score.suggested === null ? '—' : String(score.suggested),
          ...types.map((type) => shown(score.byStakeholderType.find((b) => b.stakeholderType === type)?.mean ?? null)),
        ];
      }),
    ),
  );
  return figure(caption, drawing, said.join('; '), table, testid);
}
