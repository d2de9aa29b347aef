// What every browser test file shares: the server, the demo accounts, GraphQL requests to check results in
// the API, a fresh page that records every error, waiting for a route, signing in and axe's audit.
// `cargo test` (tests/tests/browser.rs) starts the server with the demo data and passes:
//   LODE_URL          the server, http://127.0.0.1:PORT
//   LODE_CHROMIUM     the browser to drive
//   LODE_ADMIN_TOKEN  a bearer token of an admin, to prepare records and read what the public must not see
//   LODE_PARTNER_EMAIL, LODE_PARTNER_PASSWORD  the demo account of a partner's member, to sign in with
//   LODE_TEAM_EMAIL, LODE_TEAM_PASSWORD        the demo account of an admin, to sign in with
//   LODE_GENT_EMAIL, LODE_GENT_PASSWORD, LODE_BRUGGE_EMAIL, LODE_BRUGGE_PASSWORD  the demo coordinators
//   LODE_MAIL_DIR     the folder the server writes its messages to
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const BASE = process.env.LODE_URL;
export const ADMIN_TOKEN = process.env.LODE_ADMIN_TOKEN;
export const PARTNER = { email: process.env.LODE_PARTNER_EMAIL, password: process.env.LODE_PARTNER_PASSWORD };
export const TEAM = { email: process.env.LODE_TEAM_EMAIL, password: process.env.LODE_TEAM_PASSWORD };
export const GENT = { email: process.env.LODE_GENT_EMAIL, password: process.env.LODE_GENT_PASSWORD };
export const BRUGGE = { email: process.env.LODE_BRUGGE_EMAIL, password: process.env.LODE_BRUGGE_PASSWORD };
assert.ok(
  BASE && process.env.LODE_CHROMIUM && ADMIN_TOKEN && PARTNER.password && TEAM.password && GENT.password && BRUGGE.password,
  'the environment names the server, the browser and the accounts',
);

/** Sends a GraphQL request with a bearer token (or none), and returns the HTTP response. */
export function post(query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${BASE}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
}

/** Sends a GraphQL request, as the admin when `asAdmin`, and returns its data (failing on any error). */
export async function graphql(query, variables = {}, asAdmin = true) {
  return graphqlAs(asAdmin ? ADMIN_TOKEN : null, query, variables);
}

/** Sends a GraphQL request with `token` (null: anonymously) and returns its data (failing on any error). */
export async function graphqlAs(token, query, variables = {}) {
  const body = await (await post(query, variables, token)).json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** Logs an account in through the API and returns its bearer token. */
export async function tokenOf(account) {
  const { login } = await graphqlAs(null, 'mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }', { e: account.email, p: account.password });
  return login.token;
}

/** Waits until the search index holds every change made so far. */
export async function indexCaughtUp() {
  for (let tries = 0; tries < 300; tries++) {
    const ready = await (await fetch(`${BASE}/ready`)).json();
    if (ready.search && ready.search.pendingUpdates === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the search index did not catch up within 30 s');
}

let browser;
/** The browser the tests drive (launched before the first test). */
export const theBrowser = () => browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.LODE_CHROMIUM, args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
});

/**
 * A fresh page (own storage, Dutch by default) that records every script error and failed request; `done`
 * asserts there were none and closes it.
 */
export async function openPage(options = {}) {
  const context = await browser.newContext({ locale: 'nl-BE', timezoneId: 'Europe/Brussels', ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  // `expected` lists problems a test provokes on purpose (a browser logs every 401 answer as an error).
  const done = async (expected = []) => {
    await context.close();
    const unexpected = problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)));
    assert.deepEqual(unexpected, [], 'no script errors, console errors or failed requests');
  };
  return { page, done };
}

/** Opens a route (`#/...`) and waits until the page has rendered it. */
export async function visit(page, hash, route) {
  await page.goto(`${BASE}/${hash}`);
  await rendered(page, route);
}

/** Waits until `main` has finished rendering `route`. */
export async function rendered(page, route) {
  await page.waitForSelector(`main[aria-busy="false"][data-route="${route}"]`, { timeout: 15_000 });
}

/** The selector of an element by its test id. */
export const testid = (id) => `[data-testid="${id}"]`;

/** Signs in through the form that `page` shows. */
export async function signIn(page, account = PARTNER) {
  await page.fill(testid('signin-email'), account.email);
  await page.fill(testid('signin-password'), account.password);
  await page.click(testid('signin-submit'));
}

/** Opens the sign-in page on its way to `hash`, signs `account` in, and waits for the page of `route`. */
export async function signInTo(page, account, hash, route) {
  await visit(page, `#/aanmelden?terug=${encodeURIComponent(hash)}`, 'aanmelden');
  await signIn(page, account);
  await rendered(page, route);
}

// axe-core checks a page against the WCAG 2.1 A and AA rules it can test by machine.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The rules the rendered page breaks, as "rule: element" lines. The page must come from
 * `openPage({ bypassCSP: true })`, so that axe can be loaded into it.
 */
export async function violations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.ok(result.passes.length > 20, 'axe ran its rules');
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/**
 * The token of the link to `page` (`#/wachtwoord?token=…`) in the message to `address` that the server wrote
 * into `LODE_MAIL_DIR`, waiting for it to arrive. A message's text is quoted-printable: soft line breaks and
 * `=3D` are undone first.
 */
export async function mailedToken(address, page) {
  const folder = process.env.LODE_MAIL_DIR;
  assert.ok(folder, 'the environment names the folder of the messages');
  const deadline = Date.now() + 30_000;
  const link = new RegExp(`#/${page}\\?token=([A-Za-z0-9_-]{20,})`);
  for (;;) {
    for (const name of (await readdir(folder)).filter((n) => n.endsWith('.eml') && !n.startsWith('.'))) {
      const raw = (await readFile(join(folder, name), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (!new RegExp(`^To: .*${address.replace(/[.]/g, '\\.')}`, 'mi').test(raw)) continue;
      const found = raw.match(link);
      if (found) return found[1];
    }
    assert.ok(Date.now() < deadline, `a message to ${address} with a link to ${page}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
