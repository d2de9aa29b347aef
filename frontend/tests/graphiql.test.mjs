// GraphiQL at /graphql in a real browser (Debian's Chromium, driven by playwright-core): it loads from LODE
// alone (any request elsewhere is aborted, as on a network without internet), renders its editor under the
// Content-Security-Policy without a single violation, and answers a query run from it. `cargo test` starts
// the server (tests/tests/browser.rs) and passes LODE_URL and LODE_CHROMIUM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = process.env.LODE_URL;
assert.ok(BASE && process.env.LODE_CHROMIUM, 'the environment names the server and the browser');

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.LODE_CHROMIUM, args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
});

test('GraphiQL works offline under the Content-Security-Policy and runs a query', async () => {
  const context = await browser.newContext();
  const origin = new URL(BASE).origin;
  const elsewhere = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    elsewhere.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  // Listening from the first script on, so a violation during loading counts too.
  await page.addInitScript(() => {
    window.lodeViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.lodeViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });

  const response = await page.goto(`${BASE}/graphql`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /script-src 'self';/);
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.waitFor({ timeout: 15_000 });

  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('{ __typename }');
  await page.locator('.graphiql-execute-button').click();
  await page.waitForFunction(
    () => /"__typename":\s*"Query"/.test(document.querySelector('.result-window')?.textContent ?? ''),
    null,
    { timeout: 15_000 },
  );

  const violations = await page.evaluate(() => window.lodeViolations);
  await context.close();
  assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
  assert.deepEqual(elsewhere, [], 'nothing is fetched from anywhere but LODE');
  assert.deepEqual(problems, [], 'no script errors, console errors or failed requests');
});
