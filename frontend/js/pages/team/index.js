// @ts-check
// The team's workspace, `#/team/...`: for admins, and for coordinators within their cities (the API applies
// the rules; these pages only leave out what a role cannot do). Each part has a path of its own, listed in
// `PARTS`; every page of it gets the signed-in account.

import { accountFor, onTeam } from '../../account.js';
import { h, routeLink, setMain, setTitle } from '../../dom.js';
import { t } from '../../lang.js';
import { pageTitle, renderNotFound } from '../../ui/frame.js';
import { teamDatasets } from './datasets.js';
import { teamDomains } from './domains.js';
import { teamEvents } from './events.js';
import { teamPartners } from './partners.js';
import { teamStories } from './stories.js';
import { teamSurveys } from './surveys.js';
import { pageTeamCases } from './cases.js';
import { pageAudit } from './audit.js';
import { pageDashboard } from './dashboard.js';
import { pageAccounts } from './accounts.js';

/**
 * A page of the workspace: the account, the rest of the path after the part's name, and the address's
 * parameters.
 * @typedef {(ctx: import('../../router.js').RenderContext, me: import('../../account.js').Account, path: string[], params: import('../../router.js').Params) => Promise<void>} TeamPage
 */

/**
 * The workspace's parts by their path segment after `#/team/` (`''` is the dashboard, `#/team`).
 * @type {Record<string, TeamPage>}
 */
const PARTS = {
  // Stories, value domains, datasets and partners (English aliases beside the Dutch path words).
  verhalen: teamStories,
  stories: teamStories,
  domeinen: teamDomains,
  domains: teamDomains,
  datasets: teamDatasets,
  partners: teamPartners,
  cases: pageTeamCases,
  '': pageDashboard,
  audit: pageAudit,
  // Accounts (admins only).
  accounts: pageAccounts,
  events: teamEvents,
  // The market survey.
  bevragingen: teamSurveys,
  surveys: teamSurveys,
};

/**
 * Renders `#/team/...`: sends a visitor who is not signed in to sign in first, and tells a partner's member
 * that the page is the team's.
 * @param {import('../../router.js').RenderContext} ctx
 * @param {string[]} path
 * @param {import('../../router.js').Params} params
 */
export async function pageTeam(ctx, path, params) {
  const back = location.hash || '#/team';
  const me = await accountFor(ctx, back);
  if (!me || !ctx.current()) return;
  if (!onTeam(me)) {
    setTitle(t('teamTitle'));
    setMain(pageTitle(t('teamTitle')), h('p', { class: 'notice', testid: 'team-only' }, t('teamOnly')), h('p', null, routeLink(['mijn'], t('mine'))));
    return;
  }
  const [part = '', ...rest] = path;
  if (!Object.prototype.hasOwnProperty.call(PARTS, part)) {
    renderNotFound();
    return;
  }
  await PARTS[part](ctx, me, rest, params);
}
