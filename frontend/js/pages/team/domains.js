// @ts-check
// The team's value domains, `#/team/domeinen`: every domain (archived ones included), and for admins, who
// alone change them (`access.rs`), a new one (`/nieuw`) and a domain's form (`/<slug>`) with its themes,
// its three scores and its status moves. Coordinators read a domain here as it stands.

import { gql } from '../../api.js';
import { h, renderedMarkdown, routeHref, routeLink, setMain, setTitle } from '../../dom.js';
import { count, enumValues, label, t } from '../../lang.js';
import * as domainsQueries from '../../queries/domains.js';
import { replaceAddress, rerender } from '../../router.js';
import { statusChip } from '../../ui/chips.js';
import { recordForm } from '../../ui/editor.js';
import { breadcrumbs, definitionList, pageTitle, renderNotFound, section } from '../../ui/frame.js';
import { filterBar, pickEnum, selectFilter } from '../../ui/lists.js';
import { scoresSource } from '../../ui/survey-parts.js';
import { focusResult, moveText, newLink, readAll, recordTable, requireFilled, resultNotice, statusMoves } from './content-parts.js';

/** @typedef {import('../../account.js').Account} Account */

/** The three scores, each 1 to 5. */
const SCORES = ['economicValue', 'societalValue', 'dataReadiness'];

/**
 * Renders `#/team/domeinen/...`.
 * @type {import('./index.js').TeamPage}
 */
export async function teamDomains(ctx, me, path, params) {
  const [slug, ...rest] = path;
  if (rest.length) return renderNotFound();
  if (!slug) return domainList(ctx, me, params);
  return domainPage(ctx, me, slug === 'nieuw' || slug === 'new' ? null : slug, null);
}

/**
 * Every value domain, filtered by status, the highest priority first.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {import('../../router.js').Params} params
 */
async function domainList(ctx, me, params) {
  const status = pickEnum(params, 'status', 'ValueDomainStatus');
  const route = ['team', 'domeinen'];
  const domains = await readAll((after) => gql(domainsQueries.DOMAIN_ROWS, { filter: status ? { status: [status] } : null, after }, { signedIn: true }), (data) => data.valueDomains);
  if (!ctx.current()) return;
  setTitle(t('teamDomainsTitle'));
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamDomainsTitle')]]),
    pageTitle(t('teamDomainsTitle'), t('teamTitle')),
    h('p', { class: 'lead' }, me.role === 'ADMIN' ? t('teamDomainsIntro') : t('teamDomainsReadOnly')),
    me.role === 'ADMIN' ? newLink([...route, 'nieuw'], t('domainNew'), 'domain-new') : null,
    filterBar(
      [selectFilter({ name: 'status', labelText: t('status'), anyText: t('all'), options: enumValues('ValueDomainStatus').map((v) => [v, label('ValueDomainStatus', v)]), value: status, testid: 'filter-status', params, route })],
      params,
      route,
    ),
    h('p', { class: 'total-count', testid: 'total-count', 'data-total': String(domains.length) }, count('domainsCount', domains.length)),
    recordTable(
      t('teamDomainsTitle'),
      [t('domainName'), t('status'), t('priority'), t('themes')],
      domains.map((/** @type {any} */ d) => [
        routeLink([...route, d.slug], d.name, { testid: 'domain-edit-link' }),
        statusChip(d.status),
        String(d.priorityScore),
        d.themes.map((/** @type {string} */ theme) => label('Theme', theme)).join(', ') || '—',
      ]),
      'domain-rows',
    ),
  );
}

/**
 * The form's values of a domain, in the shape of its update input.
 * @param {any} d
 */
const domainValues = (d) => ({ name: d.name, description: d.description, themes: d.themes, economicValue: d.economicValue, societalValue: d.societalValue, dataReadiness: d.dataReadiness });

/** The fields of a domain's form. @returns {import('../../ui/editor.js').Field[]} */
const domainFields = () => [
  { name: 'name', label: t('domainName'), kind: 'text', required: true },
  { name: 'description', label: t('description'), kind: 'markdown' },
  { name: 'themes', label: t('themes'), kind: 'enums', enumName: 'Theme', help: t('domainThemesHelp') },
  ...SCORES.map((name) => /** @type {import('../../ui/editor.js').Field} */ ({
    name,
    label: t(/** @type {import('../../lang.js').TextKey} */ (name)),
    kind: 'number',
    required: true,
    help: t('domainScoreHelp'),
    attributes: { min: 1, max: 5, step: 1 },
  })),
];

/**
 * A new domain's form (`slug` null) or a domain's page: its form and status moves for admins, what it holds
 * for coordinators. `notice` says what the last action did.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {Account} me
 * @param {string | null} slug
 * @param {string | null} notice
 */
async function domainPage(ctx, me, slug, notice) {
  const domain = slug ? (await gql(domainsQueries.DOMAIN_FORM, { slug }, { signedIn: true })).valueDomain : null;
  if (!ctx.current()) return;
  if (slug && !domain) return renderNotFound();
  const isAdmin = me.role === 'ADMIN';
  if (!domain && !isAdmin) {
    setTitle(t('domainNew'));
    setMain(pageTitle(t('domainNew'), t('teamDomainsTitle')), h('p', { class: 'notice', testid: 'domain-admins-only' }, t('teamDomainsReadOnly')));
    return;
  }
  // The version the status moves send back: the form's saves and a settled conflict move it on.
  let version = domain ? domain.updatedAt : null;
  const title = domain ? domain.name : t('domainNew');
  setTitle(title);
  const result = notice ? resultNotice(notice, 'domain-result') : null;
  const content = isAdmin
    ? recordForm({
        name: 'domain',
        fields: domainFields(),
        values: domain ? domainValues(domain) : { name: '', description: '', themes: [], economicValue: 3, societalValue: 3, dataReadiness: 3 },
        updatedAt: domain ? domain.updatedAt : null,
        submitText: domain ? t('save') : t('domainCreate'),
        save: async (input, read) => {
          requireFilled(input, SCORES);
          if (!domain) return (await gql(domainsQueries.SAVE_NEW_DOMAIN, { input }, { signedIn: true })).createValueDomain.valueDomain;
          return (await gql(domainsQueries.SAVE_DOMAIN, { input: { ...input, id: domain.id, expectedUpdatedAt: read } }, { signedIn: true })).updateValueDomain.valueDomain;
        },
        onVersion: (updatedAt) => {
          version = updatedAt;
        },
        onSaved: (saved) => {
          if (domain) return;
          replaceAddress(routeHref(['team', 'domeinen', saved.slug]));
          domainPage(ctx, me, saved.slug, t('domainCreated')).catch(rerender);
        },
      })
    : h(
        'div',
        { testid: 'domain-read-only' },
        h('p', { class: 'notice' }, t('teamDomainsReadOnly')),
        definitionList([
          [t('themes'), domain.themes.map((/** @type {string} */ theme) => label('Theme', theme)).join(', ')],
          ...SCORES.map((name) => /** @type {[string, string]} */ ([t(/** @type {import('../../lang.js').TextKey} */ (name)), t('scoreOf5', { n: domain[name] })])),
        ]),
        renderedMarkdown(domain.descriptionHtml),
      );
  const moves =
    domain && isAdmin
      ? statusMoves({
          name: 'domain',
          nextStatuses: domain.nextStatuses,
          labelPrefix: 'domainMove_',
          move: async (status) => {
            const moved = (await gql(domainsQueries.MOVE_DOMAIN, { id: domain.id, read: version, status }, { signedIn: true })).setValueDomainStatus.valueDomain;
            if (ctx.current()) await domainPage(ctx, me, moved.slug, moveText('domainMoved_', status));
          },
        })
      : null;
  setMain(
    breadcrumbs([[t('teamTitle'), ['team']], [t('teamDomainsTitle'), ['team', 'domeinen']], [title]]),
    pageTitle(title, t('teamDomainsTitle')),
    result,
    domain
      ? section(
          t('domainStanding'),
          'domain-standing',
          h('p', null, t('status'), ': ', statusChip(domain.status), ' · ', t('priorityOf', { score: domain.priorityScore })),
          scoresSource(domain.scoresSource),
          moves,
          domain.status === 'ARCHIVED' ? null : h('p', null, routeLink(['domeinen', domain.slug], t('domainPublicLink'))),
        )
      : null,
    section(t('domainContent'), 'domain-content', content),
  );
  focusResult(result);
}
