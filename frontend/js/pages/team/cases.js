// @ts-check
// The team's pilot cases: `#/team/cases` lists the cases the viewer may change (by phase),
// `#/team/cases/nieuw` makes one, `#/team/cases/<slug>` edits one: its fields in one form, its phase moves
// and its members. The API decides who may change what (`viewerCanUpdate`, `nextPhases`); the page shows
// its answer.

import { gql } from '../../api.js';
import { h, routeHref, routeLink, setMain, setTitle } from '../../dom.js';
import { enumValues, label, t } from '../../lang.js';
import * as casesQueries from '../../queries/cases.js';
import { formatInstant } from '../../time.js';
import { cityChips, phaseChip } from '../../ui/chips.js';
import { recordForm } from '../../ui/editor.js';
import { breadcrumbs, pageTitle, renderNotFound } from '../../ui/frame.js';
import { PAGE_SIZE, filterBar, listPage, pickEnum, selectFilter } from '../../ui/lists.js';
import { capabilitiesField, datasetsField, membersSection, phaseSection, takeFlash, setFlash } from './case-parts.js';

/** @typedef {import('../../account.js').Account} Account */
/** @typedef {import('../../router.js').RenderContext} RenderContext */
/**
 * The choices of a case's form.
 * @typedef {object} Choices
 * @property {{ id: string, name: string, status: string }[]} domains
 * @property {{ id: string, title: string, publisher: string }[]} datasets
 * @property {{ id: string, name: string, capabilities: string[] }[]} partners approved partners
 */

/** The path words of a new case's form (Dutch, and the English alias). */
const NEW = ['nieuw', 'new'];

/**
 * Renders `#/team/cases/...`.
 * @type {import('./index.js').TeamPage}
 */
export async function pageTeamCases(ctx, me, path, params) {
  if (!path.length) return caseList(ctx, params);
  if (path.length !== 1) return renderNotFound();
  if (NEW.includes(path[0])) return newCase(ctx, me);
  return editCase(ctx, me, path[0]);
}

/**
 * The cases the viewer may change, newest change first, filtered by phase (`?fase=RUNNING`).
 * @param {RenderContext} ctx
 * @param {import('../../router.js').Params} params
 */
async function caseList(ctx, params) {
  const route = ['team', 'cases'];
  const phase = pickEnum(params, 'fase', 'PilotCasePhase');
  /** @type {Record<string, string>} */
  const clean = phase ? { fase: phase } : {};
  setTitle(t('teamCasesTitle'));
  await listPage(ctx, {
    title: t('teamCasesTitle'),
    intro: t('teamCasesIntro'),
    extra: h(
      'p',
      { class: 'buttons' },
      routeLink(['team', 'cases', 'nieuw'], t('teamCaseNew'), { class: 'btn', testid: 'team-case-new' }),
      ' ',
      routeLink(['team'], t('teamTitle'), { class: 'link-quiet' }),
    ),
    filters: filterBar(
      [
        selectFilter({
          name: 'fase',
          labelText: t('phase'),
          anyText: t('anyPhase'),
          options: enumValues('PilotCasePhase').map((v) => [v, label('PilotCasePhase', v)]),
          value: phase,
          testid: 'filter-phase',
          params: clean,
          route,
        }),
      ],
      clean,
      route,
    ),
    fetchPage: async (after) => (await gql(casesQueries.TEAM_CASES, { phase: phase ? [phase] : null, first: PAGE_SIZE, after }, { signedIn: true })).list,
    render: caseItem,
    testid: 'team-case-list',
    countKey: 'casesCount',
    filtered: !!phase,
  });
}

/**
 * A case in the team's list: its title links to its form.
 * @param {{ slug: string, title: string, summary: string, phase: string, cities: string[], updatedAt: string, valueDomain: { name: string } | null }} c
 */
function caseItem(c) {
  return h(
    'li',
    { class: 'card card-case', testid: 'team-case-item' },
    h(
      'div',
      { class: 'card-body' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, routeLink(['team', 'cases', c.slug], c.title)), phaseChip(c.phase)),
      c.summary ? h('p', { class: 'card-text' }, c.summary) : null,
      h('p', { class: 'card-meta' }, c.valueDomain ? `${t('valueDomain')}: ${c.valueDomain.name} · ` : '', t('teamCaseChanged', { when: formatInstant(c.updatedAt) })),
      h('p', { class: 'chips' }, cityChips(c.cities)),
    ),
  );
}

/**
 * Every page of a list after the first, read one hundred at a time (for the form's choices).
 * @template T
 * @param {{ pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: T[] }} first
 * @param {(after: string | null) => Promise<{ pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: T[] }>} next
 */
async function allPages(first, next) {
  const nodes = [...first.nodes];
  let page = first;
  // A bound, so a list that keeps growing cannot keep the page waiting.
  for (let i = 0; page.pageInfo.hasNextPage && i < 20; i++) {
    page = await next(page.pageInfo.endCursor);
    nodes.push(...page.nodes);
  }
  return nodes;
}

/**
 * The form's choices from an answer holding the first page of each.
 * @param {any} data
 * @returns {Promise<Choices>}
 */
async function choicesOf(data) {
  const [datasets, partners] = await Promise.all([
    allPages(data.datasets, async (after) => (await gql(casesQueries.TEAM_CASE_DATASETS, { after }, { signedIn: true })).datasets),
    allPages(data.partners, async (after) => (await gql(casesQueries.TEAM_CASE_PARTNERS, { after }, { signedIn: true })).partners),
  ]);
  return { domains: data.domains.nodes, datasets, partners };
}

/**
 * The fields of a case's form (named as the API's inputs name them).
 * @param {Choices} choices
 * @returns {import('../../ui/editor.js').Field[]}
 */
function caseFields(choices) {
  const suggestions = [...new Set(choices.partners.flatMap((p) => p.capabilities))];
  return [
    { name: 'title', label: t('teamCaseTitleField'), kind: 'text', required: true, attributes: { maxlength: 200, autocomplete: 'off' } },
    { name: 'summary', label: t('teamCaseSummary'), kind: 'textarea', help: t('teamCaseSummaryHelp') },
    { name: 'description', label: t('description'), kind: 'markdown' },
    {
      name: 'valueDomainId',
      label: t('valueDomain'),
      kind: 'select',
      required: true,
      options: choices.domains.map((d) => ({ value: d.id, label: d.status === 'ARCHIVED' ? `${d.name} (${label('ValueDomainStatus', d.status)})` : d.name })),
    },
    { name: 'cities', label: t('cities'), kind: 'enums', enumName: 'City', required: true },
    { name: 'goals', label: t('goals'), kind: 'lines' },
    { name: 'startDate', label: t('teamCaseStart'), kind: 'date', nullable: true },
    { name: 'endDate', label: t('teamCaseEnd'), kind: 'date', nullable: true },
    { name: 'neededCapabilities', label: t('neededCapabilities'), kind: 'custom', help: t('teamCapabilitiesHelp'), custom: capabilitiesField('case-neededCapabilities', suggestions) },
    { name: 'wantedStakeholderTypes', label: t('wantedTypes'), kind: 'enums', enumName: 'StakeholderType' },
    { name: 'datasetIds', label: t('datasets'), kind: 'custom', help: t('teamDatasetsHelp'), custom: datasetsField('case-datasetIds', choices.datasets) },
  ];
}

/**
 * A case as the API answers it, as the form's values (the update input's names).
 * @param {any} c
 */
function valuesOf(c) {
  return {
    title: c.title,
    summary: c.summary,
    description: c.description,
    valueDomainId: c.valueDomain?.id ?? null,
    cities: c.cities,
    goals: c.goals,
    startDate: c.startDate,
    endDate: c.endDate,
    neededCapabilities: c.neededCapabilities.map((/** @type {{ name: string, weight: number }} */ n) => ({ name: n.name, weight: n.weight })),
    wantedStakeholderTypes: c.wantedStakeholderTypes,
    datasetIds: c.datasets.map((/** @type {{ id: string }} */ d) => d.id),
  };
}

/**
 * `#/team/cases/nieuw`: a new case (in the `PROPOSED` phase); once made, its own form opens.
 * @param {RenderContext} ctx
 * @param {Account} me
 */
async function newCase(ctx, me) {
  const data = await gql(casesQueries.TEAM_CASE_NEW, {}, { signedIn: true });
  const choices = await choicesOf(data);
  if (!ctx.current()) return;
  setTitle(t('teamCaseNew'));
  const form = recordForm({
    name: 'case',
    fields: caseFields(choices),
    // A coordinator's case starts in their own cities.
    values: { cities: me.role === 'COORDINATOR' ? me.cities : [], neededCapabilities: [], datasetIds: [], goals: [], wantedStakeholderTypes: [] },
    updatedAt: null,
    submitText: t('teamCaseCreate'),
    save: async (input) => (await gql(casesQueries.CREATE_TEAM_CASE, { input }, { signedIn: true })).createPilotCase.pilotCase,
    onSaved: (record) => {
      setFlash(t('teamCaseCreated', { title: record.title }));
      location.hash = routeHref(['team', 'cases', record.slug]);
    },
  });
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamCasesTitle'), ['team', 'cases']], [t('teamCaseNew')]]),
    pageTitle(t('teamCaseNew'), t('pilotCase')),
    h('p', { class: 'lead' }, t('teamCaseNewIntro')),
    form,
  );
}

/**
 * `#/team/cases/<slug>`: the case's form, its phase moves and its members; a clear refusal for a viewer
 * who may not change it.
 * @param {RenderContext} ctx
 * @param {Account} me
 * @param {string} slug
 */
async function editCase(ctx, me, slug) {
  const data = await gql(casesQueries.TEAM_CASE, { slug }, { signedIn: true });
  const c = data.pilotCase;
  if (!c) return renderNotFound();
  const crumbs = breadcrumbs([[t('teamTitle'), ['team']], [t('teamCasesTitle'), ['team', 'cases']], [c.title]]);
  const publicLink = h('p', null, routeLink(['cases', c.slug], t('teamCasePublicPage'), { testid: 'case-public-link' }));
  if (!c.viewerCanUpdate) {
    if (!ctx.current()) return;
    setTitle(c.title);
    const theirs = c.cities.map((/** @type {string} */ city) => label('City', city)).join(', ');
    const mine = me.cities.map((city) => label('City', city)).join(', ') || '—';
    setMain(
      crumbs,
      pageTitle(c.title, t('pilotCase')),
      h(
        'div',
        { class: 'notice notice-error', role: 'alert', testid: 'case-refused' },
        h('p', { class: 'notice-title' }, t('teamCaseRefusedTitle')),
        h('p', null, t('teamCaseRefusedText', { theirs, mine })),
      ),
      publicLink,
    );
    return;
  }
  const choices = await choicesOf(data);
  if (!ctx.current()) return;
  setTitle(c.title);
  const title = pageTitle(c.title, t('teamCaseEditKicker'));
  // The version of the case last read or saved (or taken from a conflict), which a phase move sends back.
  let version = c.updatedAt;
  const form = recordForm({
    name: 'case',
    fields: caseFields(choices),
    values: valuesOf(c),
    updatedAt: c.updatedAt,
    save: async (input, expectedUpdatedAt) => (await gql(casesQueries.UPDATE_TEAM_CASE, { input: { id: c.id, expectedUpdatedAt, ...input } }, { signedIn: true })).updatePilotCase.pilotCase,
    onVersion: (updatedAt) => {
      version = updatedAt;
    },
    onSaved: (record) => {
      const heading = title.querySelector('h1');
      if (heading) heading.textContent = record.title;
      setTitle(record.title);
    },
  });
  const flash = takeFlash();
  setMain(
    crumbs,
    title,
    flash ? h('p', { class: 'notice', role: 'status', testid: 'case-flash' }, flash) : null,
    publicLink,
    phaseSection(c, () => version, form),
    h('section', { class: 'section', 'aria-labelledby': 'case-form-heading' }, h('h2', { id: 'case-form-heading' }, t('teamCaseDetails')), form),
    membersSection(c, choices.partners),
  );
}
