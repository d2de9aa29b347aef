// @ts-check
// The team's dataset catalogue, `#/team/datasets`: every dataset, a new one (`/nieuw`) and a dataset's form
// (`/<slug>`), with the cases and stories that use it. Admins and coordinators alike keep the catalogue.

import { gql } from '../../api.js';
import { h, routeHref, routeLink, setMain, setTitle } from '../../dom.js';
import { count, label, t } from '../../lang.js';
import * as datasetsQueries from '../../queries/datasets.js';
import { rerender } from '../../router.js';
import { recordForm } from '../../ui/editor.js';
import { breadcrumbs, pageTitle, renderNotFound, section } from '../../ui/frame.js';
import { focusResult, newLink, readAll, recordTable, requireFilled, resultNotice } from './content-parts.js';

/** @typedef {import('../../account.js').Account} Account */

/**
 * Renders `#/team/datasets/...`.
 * @type {import('./index.js').TeamPage}
 */
export async function teamDatasets(ctx, me, path) {
  const [slug, ...rest] = path;
  if (rest.length) return renderNotFound();
  if (!slug) return datasetList(ctx);
  return datasetPage(ctx, me, slug === 'nieuw' || slug === 'new' ? null : slug, null);
}

/**
 * Every dataset, by title.
 * @param {import('../../router.js').RenderContext} ctx
 */
async function datasetList(ctx) {
  const datasets = await readAll((after) => gql(datasetsQueries.DATASET_ROWS, { after }, { signedIn: true }), (data) => data.datasets);
  if (!ctx.current()) return;
  setTitle(t('teamDatasetsTitle'));
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamDatasetsTitle')]]),
    pageTitle(t('teamDatasetsTitle'), t('teamTitle')),
    h('p', { class: 'lead' }, t('teamDatasetsIntro')),
    newLink(['team', 'datasets', 'nieuw'], t('datasetNew'), 'dataset-new'),
    h('p', { class: 'total-count', testid: 'total-count', 'data-total': String(datasets.length) }, count('datasetsCount', datasets.length)),
    recordTable(
      t('teamDatasetsTitle'),
      [t('datasetTitleField'), t('publisher'), t('theme'), t('licence')],
      datasets.map((d) => [routeLink(['team', 'datasets', d.slug], d.title, { testid: 'dataset-edit-link' }), d.publisher, label('Theme', d.theme), d.licence]),
      'dataset-rows',
    ),
  );
}

/** The fields of a dataset's form. @returns {import('../../ui/editor.js').Field[]} */
const datasetFields = () => [
  { name: 'title', label: t('datasetTitleField'), kind: 'text', required: true },
  { name: 'publisher', label: t('publisher'), kind: 'text', required: true },
  { name: 'url', label: t('datasetUrl'), kind: 'url', required: true, help: t('datasetUrlHelp') },
  { name: 'licence', label: t('licence'), kind: 'text', required: true, help: t('datasetLicenceHelp') },
  { name: 'theme', label: t('theme'), kind: 'enum', enumName: 'Theme', required: true },
];

/**
 * A new dataset's form (`slug` null) or a dataset's form with what uses it. `notice` says what the last action
 * did.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {string | null} slug
 * @param {string | null} notice
 */
async function datasetPage(ctx, me, slug, notice) {
  const dataset = slug ? (await gql(datasetsQueries.DATASET_FORM, { slug }, { signedIn: true })).dataset : null;
  if (!ctx.current()) return;
  if (slug && !dataset) return renderNotFound();
  const title = dataset ? dataset.title : t('datasetNew');
  setTitle(title);
  const form = recordForm({
    name: 'dataset',
    fields: datasetFields(),
    values: dataset
      ? { title: dataset.title, publisher: dataset.publisher, url: dataset.url, licence: dataset.licence, theme: dataset.theme }
      : { title: '', publisher: '', url: '', licence: '', theme: null },
    updatedAt: dataset ? dataset.updatedAt : null,
    submitText: dataset ? t('save') : t('datasetCreate'),
    save: async (input, read) => {
      requireFilled(input, ['title', 'publisher', 'url', 'licence', 'theme']);
      if (!dataset) return (await gql(datasetsQueries.SAVE_NEW_DATASET, { input }, { signedIn: true })).createDataset.dataset;
      return (await gql(datasetsQueries.SAVE_DATASET, { input: { ...input, id: dataset.id, expectedUpdatedAt: read } }, { signedIn: true })).updateDataset.dataset;
    },
    onSaved: (saved) => {
      if (dataset) return;
      history.replaceState(null, '', routeHref(['team', 'datasets', saved.slug]));
      datasetPage(ctx, me, saved.slug, t('datasetCreated')).catch(rerender);
    },
  });
  const result = notice ? resultNotice(notice, 'dataset-result') : null;
  /** @param {{ slug: string, title: string }[]} records @param {string[]} route */
  const links = (records, route) => (records.length ? h('ul', null, records.map((r) => h('li', null, routeLink([...route, r.slug], r.title)))) : h('p', { class: 'muted' }, t('notUsed')));
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamDatasetsTitle'), ['team', 'datasets']], [title]]),
    pageTitle(title, t('teamDatasetsTitle')),
    result,
    section(t('datasetContent'), 'dataset-content', form),
    dataset
      ? section(
          t('datasetUse'),
          'dataset-use',
          h('h3', null, t('usedInCases')),
          links(dataset.pilotCases, ['cases']),
          h('h3', null, t('usedInStories')),
          links(dataset.successStories, ['team', 'verhalen']),
          h('p', null, routeLink(['datasets', dataset.slug], t('datasetPublicLink'))),
        )
      : null,
  );
  focusResult(result);
}
