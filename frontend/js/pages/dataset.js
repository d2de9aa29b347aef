// @ts-check
// A dataset's page: where it is used.

import { gql } from '../api.js';
import { displayUrl, externalLink, h, routeLink, setMain, setTitle, timeEl } from '../dom.js';
import { label, t } from '../lang.js';
import * as queries from '../queries.js';
import { formatDay } from '../time.js';
import { cityChips, phaseChip } from '../ui/chips.js';
import { breadcrumbs, definitionList, pageTitle, renderNotFound, section } from '../ui/frame.js';

/**
 * Renders `#/datasets/<slug>`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string} slug
 */
export async function pageDataset(ctx, slug) {
  const data = await gql(queries.DATASET, { slug });
  if (!ctx.current()) return;
  const d = data.dataset;
  if (!d) return renderNotFound();
  setTitle(d.title);
  const stories = d.successStories || [];
  setMain(
    breadcrumbs([[t('navHome'), []], [t('datasetsTitle'), ['datasets']], [d.title]]),
    pageTitle(d.title, t('datasetsTitle')),
    h(
      'div',
      { class: 'panel' },
      definitionList(
        [
          [t('publisher'), d.publisher],
          [t('licence'), d.licence],
          [t('theme'), label('Theme', d.theme)],
          [t('website'), externalLink(d.url, displayUrl(d.url), 'dataset-url')],
        ],
        'dataset-facts',
      ),
    ),
    section(
      t('usedInCases'),
      'dataset-cases',
      d.pilotCases && d.pilotCases.length
        ? h('ul', { class: 'rows', testid: 'case-list' }, d.pilotCases.map((c) => h('li', { class: 'row' }, h('span', { class: 'row-main' }, routeLink(['cases', c.slug], c.title)), h('span', { class: 'chips' }, phaseChip(c.phase), cityChips(c.cities)))))
        : h('p', { class: 'muted' }, t('notUsed')),
    ),
    section(
      t('usedInStories'),
      'dataset-stories',
      stories.length
        ? h('ul', { class: 'rows', testid: 'story-list' }, stories.map((s) => h('li', { class: 'row' }, h('span', { class: 'row-main' }, routeLink(['verhalen', s.slug], s.title)), s.publishedAt ? h('span', { class: 'muted small' }, timeEl(s.publishedAt, formatDay(s.publishedAt))) : null)))
        : h('p', { class: 'muted' }, t('notUsed')),
    ),
  );
}
