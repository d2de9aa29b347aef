// @ts-check
// The team's success stories, `#/team/verhalen`: every story the account manages (drafts and stories in
// review first), a new one (`/nieuw`), and a story's form (`/<slug>`) with its review: submit, publish, or
// take back to draft, as the story's `nextStatuses` offer.

import { gql } from '../../api.js';
import { h, routeHref, routeLink, setMain, setTitle } from '../../dom.js';
import { count, enumValues, label, t } from '../../lang.js';
import * as storiesQueries from '../../queries/stories.js';
import { replaceAddress, rerender } from '../../router.js';
import { formatDay, formatInstant } from '../../time.js';
import { chip } from '../../ui/chips.js';
import { recordForm } from '../../ui/editor.js';
import { breadcrumbs, pageTitle, renderNotFound, section } from '../../ui/frame.js';
import { filterBar, pickEnum, selectFilter } from '../../ui/lists.js';
import { focusResult, impactFigures, manages, moveText, newLink, readAll, recordPicker, recordTable, resultNotice, statusMoves, withLinked } from './content-parts.js';

/** @typedef {import('../../account.js').Account} Account */

/** The list's order: what waits for someone first. */
const STATUS_ORDER = ['IN_REVIEW', 'DRAFT', 'PUBLISHED'];

/**
 * A story's status as a chip.
 * @param {string} status
 */
export const storyStatusChip = (status) => chip(label('StoryStatus', status), status === 'PUBLISHED' ? 'ok' : status === 'IN_REVIEW' ? 'warn' : 'info', 'story-status');

/**
 * Renders `#/team/verhalen/...`.
 * @type {import('./index.js').TeamPage}
 */
export async function teamStories(ctx, me, path, params) {
  const [slug, ...rest] = path;
  if (rest.length) return renderNotFound();
  if (!slug) return storyList(ctx, me, params);
  return storyPage(ctx, me, slug === 'nieuw' || slug === 'new' ? null : slug, null);
}

/**
 * The stories the account manages, filtered by status.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {import('../../router.js').Params} params
 */
async function storyList(ctx, me, params) {
  const status = pickEnum(params, 'status', 'StoryStatus');
  const route = ['team', 'verhalen'];
  const stories = await readAll((after) => gql(storiesQueries.STORY_ROWS, { filter: status ? { status: [status] } : null, after }, { signedIn: true }), (data) => data.successStories);
  if (!ctx.current()) return;
  // A stable sort: within a status, the API's order (last changed first) stays.
  const mine = stories.filter((s) => manages(me, [s.city])).sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  setTitle(t('teamStoriesTitle'));
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamStoriesTitle')]]),
    pageTitle(t('teamStoriesTitle'), t('teamTitle')),
    h('p', { class: 'lead' }, me.role === 'ADMIN' ? t('teamStoriesIntroAdmin') : t('teamStoriesIntro', { cities: me.cities.map((c) => label('City', c)).join(', ') })),
    newLink([...route, 'nieuw'], t('storyNew'), 'story-new'),
    filterBar(
      [selectFilter({ name: 'status', labelText: t('status'), anyText: t('all'), options: enumValues('StoryStatus').map((v) => [v, label('StoryStatus', v)]), value: status, testid: 'filter-status', params, route })],
      params,
      route,
    ),
    h('p', { class: 'total-count', testid: 'total-count', 'data-total': String(mine.length) }, count('storiesCount', mine.length)),
    recordTable(
      t('teamStoriesTitle'),
      [t('storyTitleField'), t('status'), t('city'), t('pilotCase'), t('lastChange')],
      mine.map((s) => [
        routeLink([...route, s.slug], s.title, { testid: 'story-edit-link' }),
        storyStatusChip(s.status),
        s.city ? label('City', s.city) : t('storyAnyCity'),
        s.pilotCase ? s.pilotCase.title : '—',
        formatInstant(s.updatedAt),
      ]),
      'story-rows',
    ),
  );
}

/**
 * The form's values of a story, in the shape of its update input (as a CONFLICT's current values are).
 * @param {any} s
 */
const storyValues = (s) => ({
  title: s.title,
  summary: s.summary,
  body: s.body,
  pilotCaseId: s.pilotCase ? s.pilotCase.id : null,
  valueDomainId: s.valueDomain ? s.valueDomain.id : null,
  city: s.city,
  impactFigures: s.impactFigures.map((/** @type {any} */ f) => ({ label: f.label, value: f.value })),
  partnerIds: s.partners.map((/** @type {any} */ p) => p.id),
  datasetIds: s.datasets.map((/** @type {any} */ d) => d.id),
});

/**
 * A story's words: its title, summary and body in Markdown (with the API's preview). A partner's own story
 * form (pages/mine-stories.js) has these only.
 * @returns {import('../../ui/editor.js').Field[]}
 */
export const storyTextFields = () => [
  { name: 'title', label: t('storyTitleField'), kind: 'text', required: true },
  { name: 'summary', label: t('storySummary'), kind: 'textarea', help: t('storySummaryHelp') },
  { name: 'body', label: t('storyBody'), kind: 'markdown' },
];

/**
 * A story's city: any city for an admin; for a coordinator only their own cities (the API refuses the
 * others), the story's current city, and none.
 * @param {Account} me
 * @param {any} story the story, or null for a new one
 * @returns {import('../../ui/editor.js').Field}
 */
function cityField(me, story) {
  const field = { name: 'city', label: t('city'), nullable: true, help: t('storyCityHelp') };
  if (me.role === 'ADMIN') return { ...field, kind: 'enum', enumName: 'City' };
  const allowed = enumValues('City').filter((c) => me.cities.includes(c) || (story && story.city === c));
  return { ...field, kind: 'select', options: allowed.map((c) => ({ value: c, label: label('City', c) })) };
}

/**
 * The fields of a story's form, with the records it may link.
 * @param {Account} me
 * @param {any} data the form's query's answer
 * @param {any} story the story, or null for a new one
 * @returns {import('../../ui/editor.js').Field[]}
 */
function storyFields(me, data, story) {
  // The records a story links stay offered, even beyond the first 100 of a list or no longer approved.
  const partnerOptions = withLinked(data.partners.nodes, story ? story.partners : []).map((p) => ({ value: p.id, label: p.status === 'APPROVED' ? p.name : `${p.name} (${label('PartnerStatus', p.status)})` }));
  const datasetOptions = withLinked(data.datasets.nodes, story ? story.datasets : []).map((d) => ({ value: d.id, label: `${d.title} — ${d.publisher}` }));
  const caseOptions = withLinked(data.pilotCases.nodes, story && story.pilotCase ? [story.pilotCase] : []).map((c) => ({
    value: c.id,
    label: `${c.title} (${c.cities.map((/** @type {string} */ city) => label('City', city)).join(', ')})`,
  }));
  const domainOptions = withLinked(data.valueDomains.nodes, story && story.valueDomain ? [story.valueDomain] : []).map((d) => ({ value: d.id, label: d.name }));
  return [
    ...storyTextFields(),
    { name: 'pilotCaseId', label: t('pilotCase'), kind: 'select', nullable: true, options: caseOptions },
    { name: 'valueDomainId', label: t('valueDomain'), kind: 'select', nullable: true, options: domainOptions },
    cityField(me, story),
    { name: 'impactFigures', label: t('storyImpact'), kind: 'custom', help: t('storyImpactHelp'), custom: impactFigures('story') },
    { name: 'partnerIds', label: t('storyPartners'), kind: 'custom', custom: recordPicker('story', 'partnerIds', t('storyPartners'), partnerOptions) },
    { name: 'datasetIds', label: t('reusedDatasets'), kind: 'custom', custom: recordPicker('story', 'datasetIds', t('reusedDatasets'), datasetOptions) },
  ];
}

/**
 * A new story's form (`slug` null) or a story's form with its review. `notice` says what the last action did
 * (the page is shown anew after a creation or a status move).
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {string | null} slug
 * @param {string | null} notice
 */
async function storyPage(ctx, me, slug, notice) {
  const data = await gql(storiesQueries.STORY_FORM, { slug: slug || '', existing: !!slug }, { signedIn: true });
  if (!ctx.current()) return;
  const story = slug ? data.successStory : null;
  if (slug && !story) return renderNotFound();
  // The version the status moves send back: the form's saves and a settled conflict move it on.
  let version = story ? story.updatedAt : null;
  const title = story ? story.title : t('storyNew');
  setTitle(title);
  const mayEdit = !story || manages(me, [story.city]);
  const form = mayEdit
    ? recordForm({
        name: 'story',
        fields: storyFields(me, data, story),
        values: story
          ? storyValues(story)
          : { title: '', summary: '', body: '', pilotCaseId: null, valueDomainId: null, city: me.role === 'COORDINATOR' && me.cities.length === 1 ? me.cities[0] : null, impactFigures: [], partnerIds: [], datasetIds: [] },
        updatedAt: story ? story.updatedAt : null,
        submitText: story ? t('save') : t('storyCreate'),
        save: async (input, read) => {
          if (!story) return (await gql(storiesQueries.SAVE_NEW_STORY, { input }, { signedIn: true })).createSuccessStory.successStory;
          return (await gql(storiesQueries.SAVE_STORY, { input: { ...input, id: story.id, expectedUpdatedAt: read } }, { signedIn: true })).updateSuccessStory.successStory;
        },
        onVersion: (updatedAt) => {
          version = updatedAt;
        },
        onSaved: (saved) => {
          if (story) return;
          // The new story's own page, which offers its review from now on.
          replaceAddress(routeHref(['team', 'verhalen', saved.slug]));
          storyPage(ctx, me, saved.slug, t('storyCreated')).catch(rerender);
        },
      })
    : h('p', { class: 'notice', testid: 'story-not-yours' }, t('storyNotYours'));
  const result = notice ? resultNotice(notice, 'story-result', story && story.status === 'PUBLISHED' ? routeLink(['verhalen', story.slug], t('storyPublicLink'), { testid: 'story-public-link' }) : null) : null;
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamStoriesTitle'), ['team', 'verhalen']], [title]]),
    pageTitle(title, t('teamStoriesTitle')),
    result,
    story ? storyReview(ctx, me, story, mayEdit, () => version) : null,
    section(t('storyContent'), 'story-content', form),
  );
  focusResult(result);
}

/**
 * Where a story stands, with the moves its lifecycle offers (to the accounts that manage it).
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {any} story
 * @param {boolean} mayMove
 * @param {() => string} version the version a move sends back (the form's latest)
 */
function storyReview(ctx, me, story, mayMove, version) {
  const moves = mayMove
    ? statusMoves({
        name: 'story',
        nextStatuses: story.nextStatuses,
        labelPrefix: 'storyMove_',
        move: async (status) => {
          const moved = (await gql(storiesQueries.MOVE_STORY, { id: story.id, read: version(), status }, { signedIn: true })).setSuccessStoryStatus.successStory;
          if (ctx.current()) await storyPage(ctx, me, moved.slug, moveText('storyMoved_', status));
        },
      })
    : null;
  return section(
    t('storyReview'),
    'story-review',
    h(
      'p',
      null,
      t('storyStatusNow'),
      ' ',
      storyStatusChip(story.status),
      story.publishedAt ? ` ${t('publishedOn', { d: formatDay(story.publishedAt) })}` : null,
    ),
    h('p', { class: 'muted' }, moveText('storyStatusHelp_', story.status)),
    moves,
    story.status === 'PUBLISHED' ? h('p', null, routeLink(['verhalen', story.slug], t('storyPublicLink'))) : null,
  );
}
