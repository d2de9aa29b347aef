// The user guide's screenshots (docs/screenshots/*.png, shown in README.md): each page a role works on,
// taken in a real browser (Debian's Chromium, driven by playwright-core) against a server with the demo
// data, in English. `cargo run -p lode-tests --bin screenshots` starts that server and runs this file; the
// browser test `guide.test.mjs` takes the same shots into a folder of its own, so the command keeps working.
// It reads the environment of the browser tests (see tests/support/browser.mjs) and, when run as a
// program, LODE_SCREENSHOTS: the folder to write to.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.LODE_URL;
const ADMIN_TOKEN = process.env.LODE_ADMIN_TOKEN;
/** The demo accounts that the shots are taken as. */
const ACCOUNTS = {
  admin: { email: process.env.LODE_TEAM_EMAIL, password: process.env.LODE_TEAM_PASSWORD },
  coordinator: { email: process.env.LODE_GENT_EMAIL, password: process.env.LODE_GENT_PASSWORD },
  partner: { email: process.env.LODE_PARTNER_EMAIL, password: process.env.LODE_PARTNER_PASSWORD },
};

/** A phone's screen, for the pages used standing up (the door). */
const PHONE = { width: 390, height: 844 };

/** Sends a GraphQL request with a bearer token (or none) and returns its data, or throws its errors. */
async function graphql(query, variables = {}, token = ADMIN_TOKEN) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = await (await fetch(`${BASE}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** The slug of a Ghent event of the demo data with the most registrations, for the registrations page. */
async function busiestGhentEvent() {
  const { events } = await graphql('{ events(filter: { city: GENT }, first: 50) { nodes { slug registrations { id } } } }');
  const [busiest] = events.nodes.sort((a, b) => b.registrations.length - a.registrations.length);
  return busiest.slug;
}

/**
 * The shots: the file's name (in docs/screenshots), the account signed in (none: the public), the address
 * and the route it renders, and what else to wait for or do first.
 * @returns {Promise<{ file: string, as: keyof typeof ACCOUNTS | null, hash: string, route: string, viewport?: { width: number, height: number }, prepare?: (page: import('playwright-core').Page) => Promise<void> }[]>}
 */
export async function shots() {
  const event = await busiestGhentEvent();
  return [
    { file: 'public-home', as: null, hash: '#/', route: 'home' },
    { file: 'partner-mine', as: 'partner', hash: '#/mijn', route: 'mijn' },
    { file: 'team-dashboard', as: 'coordinator', hash: '#/team', route: 'team' },
    { file: 'team-case-form', as: 'coordinator', hash: '#/team/cases/nieuw', route: 'team' },
    { file: 'team-event-form', as: 'coordinator', hash: '#/team/events/nieuw', route: 'team' },
    { file: 'team-registrations', as: 'coordinator', hash: `#/team/events/${event}/inschrijvingen`, route: 'team' },
    {
      file: 'team-story-preview',
      as: 'coordinator',
      hash: '#/team/verhalen/nieuw',
      route: 'team',
      prepare: async (page) => {
        const body = page.locator('textarea[name="body"]');
        await body.fill('## What changed\n\nThe **air-quality sensors** of the pilot now feed the city dashboard.\n\n- 40 sensors\n- open data every 10 minutes');
        await page.locator('[data-testid$="-body-preview-toggle"]').click();
        await page.locator('[data-testid$="-body-preview"] h2').waitFor();
      },
    },
    { file: 'team-audit', as: 'admin', hash: '#/team/audit', route: 'team' },
    { file: 'team-accounts', as: 'admin', hash: '#/team/accounts', route: 'team' },
    { file: 'team-door-phone', as: 'coordinator', hash: '#/deur', route: 'deur', viewport: PHONE },
  ];
}

/** Logs an account in through the API and returns its bearer token. */
async function tokenOf(account) {
  const { login } = await graphql('mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }', { e: account.email, p: account.password }, null);
  return login.token;
}

/**
 * Takes every shot into `folder` (made if missing) with `browser`; returns, per shot, its file and the
 * problems seen while it was taken (script errors, failed requests), which should be none.
 * @param {import('playwright-core').Browser} browser
 * @param {string} folder
 */
export async function takeScreenshots(browser, folder) {
  mkdirSync(folder, { recursive: true });
  const tokens = {};
  const taken = [];
  for (const shot of await shots()) {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Brussels', viewport: shot.viewport || { width: 1280, height: 900 } });
    const token = shot.as ? (tokens[shot.as] ??= await tokenOf(ACCOUNTS[shot.as])) : null;
    // English, and signed in as the page's role, before the page's first script runs.
    await context.addInitScript(([session]) => {
      localStorage.setItem('lode.lang', 'en');
      if (session) sessionStorage.setItem('lode.session', session);
    }, [token]);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
    await page.goto(`${BASE}/${shot.hash}`);
    await page.waitForSelector(`main[aria-busy="false"][data-route="${shot.route}"]`, { timeout: 15_000 });
    if (shot.prepare) await shot.prepare(page);
    const file = join(folder, `${shot.file}.png`);
    await page.screenshot({ path: file, fullPage: !shot.viewport });
    taken.push({ file, heading: await page.locator('main h1').first().textContent(), problems });
    await context.close();
  }
  return taken;
}

// Run as a program: take the shots into LODE_SCREENSHOTS.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const folder = process.env.LODE_SCREENSHOTS;
  if (!folder) throw new Error('LODE_SCREENSHOTS names the folder to write the screenshots to');
  const browser = await chromium.launch({ executablePath: process.env.LODE_CHROMIUM, args: ['--no-sandbox'] });
  try {
    for (const { file, problems } of await takeScreenshots(browser, folder)) {
      console.log(`${file}${problems.length ? `: ${problems.join('; ')}` : ''}`);
      if (problems.length) process.exitCode = 1;
    }
  } finally {
    await browser.close();
  }
}
