// @ts-check
// A success story's page: its impact, partners and the datasets it reused.

import { gql } from '../api.js';
import { h, renderedMarkdown, routeLink, setMain, setTitle, timeEl } from '../dom.js';
import { t } from '../lang.js';
import * as queries from '../queries.js';
import { formatDay } from '../time.js';
import { cardList, datasetCard, partnerCard } from '../ui/cards.js';
import { cityChips } from '../ui/chips.js';
import { breadcrumbs, definitionList, pageTitle, renderNotFound, section } from '../ui/frame.js';

/**
 * Renders `#/verhalen/<slug>`.
 * @param {import('../router.js').RenderContext} ctx
 * @param {string} slug
 */
export async function pageStory(ctx, slug) {
  const data = await gql(queries.STORY, { slug });
  if (!ctx.current()) return;
  const s = data.successStory;
  if (!s) return renderNotFound();
  setTitle(s.title);
  const partners = s.partners || [];
  setMain(
    breadcrumbs([[t('navHome'), []], [t('storiesTitle'), ['verhalen']], [s.title]]),
    pageTitle(s.title, t('storiesTitle')),
    s.summary ? h('p', { class: 'lead' }, s.summary) : null,
    h(
      'p',
      { class: 'card-meta' },
      s.publishedAt ? timeEl(s.publishedAt, t('publishedOn', { d: formatDay(s.publishedAt) })) : null,
      s.city ? [' ', cityChips([s.city])] : null,
    ),
    s.impactFigures && s.impactFigures.length
      ? section(
          t('impact'),
          'story-impact',
          h(
            'ul',
            { class: 'figures', testid: 'impact-list' },
            s.impactFigures.map((f) => h('li', { class: 'figure' }, h('span', { class: 'figure-value' }, f.value), h('span', { class: 'figure-label' }, f.label))),
          ),
        )
      : null,
    h(
      'div',
      { class: 'detail-grid' },
      h('div', { class: 'detail-main' }, renderedMarkdown(s.bodyHtml, 'story-body')),
      h(
        'aside',
        { class: 'detail-side panel', testid: 'story-facts' },
        definitionList([
          [t('pilotCase'), s.pilotCase ? routeLink(['cases', s.pilotCase.slug], s.pilotCase.title) : null],
          [t('valueDomain'), s.valueDomain ? routeLink(['domeinen', s.valueDomain.slug], s.valueDomain.name) : null],
        ]),
      ),
    ),
    section(t('partners'), 'story-partners', cardList(partners, partnerCard, 'partner-list', t('noPartners'))),
    section(t('reusedDatasets'), 'story-datasets', cardList(s.datasets, datasetCard, 'dataset-list', t('noDatasets'))),
  );
}
