// The team's accounts page (`#/team/accounts`) in a real browser: an admin makes a coordinator's account and
// gives it a temporary password; the coordinator signs in with it, must choose a password of their own, and
// reaches the team's workspace; the admin deactivates the account and the coordinator's session stops
// working. Each step is checked in the API as well, and the pages with axe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GENT, TEAM, graphql, openPage, post, rendered, signIn, signInTo, testid, violations, visit } from './support/browser.mjs';

const ACCOUNT = 'query($e: String!) { accounts(filter: { emailContains: $e }) { nodes { email role cities active mustChangePassword } } }';

/** The account with this address, as the API answers an admin. */
async function accountOf(email) {
  const { accounts } = await graphql(ACCOUNT, { e: email });
  const found = accounts.nodes.find((a) => a.email === email);
  assert.ok(found, `${email} is an account`);
  return found;
}

/** The selector of the accounts table's row of an address. */
const rowOf = (email) => `${testid('account-row')}[data-email="${email}"]`;

describe("the team's accounts page", () => {
  test('an admin makes a coordinator with a temporary password, who chooses their own and is stopped later', async () => {
    const email = `coordinator.${Date.now()}@gent.example`;
    const admin = await openPage({ bypassCSP: true });
    const a = admin.page;
    await signInTo(a, TEAM, '#/team/accounts', 'team');
    await a.waitForSelector(testid('accounts-table'));
    const { accounts } = await graphql('{ accounts { totalCount } }');
    assert.equal(await a.locator(testid('accounts-count')).getAttribute('data-total'), String(accounts.totalCount), 'the count is the API’s');
    assert.ok((await a.locator(rowOf(TEAM.email)).textContent()).length > 0, 'the admin finds their own account');
    assert.equal(await a.locator(`${rowOf(TEAM.email)} ${testid('deactivate-account')}`).count(), 0, 'and may not stop it');
    assert.deepEqual(await violations(a), [], 'no WCAG violations on the accounts page');

    // A coordinator's account: a weak temporary password is refused at its field, a good one is taken.
    await a.fill(testid('new-coordinator-email'), email);
    await a.check(testid('new-coordinator-city-GENT'));
    await a.fill(testid('new-coordinator-password'), 'welkom123456');
    await a.click(testid('new-coordinator-submit'));
    const refused = a.locator(`${testid('new-coordinator-form')} ${testid('error-message')}`);
    await refused.waitFor();
    assert.equal(await refused.getAttribute('data-field'), 'password');
    assert.equal(await a.locator(testid('new-coordinator-password')).getAttribute('aria-invalid'), 'true');
    await a.fill(testid('new-coordinator-password'), 'eerste-tijdelijke-fietsroute');
    await a.click(testid('new-coordinator-submit'));
    await a.waitForSelector(rowOf(email));
    assert.match(await a.locator(testid('accounts-status')).textContent(), new RegExp(email.replace(/\./g, '\\.')));
    assert.deepEqual(await accountOf(email), { email, role: 'COORDINATOR', cities: ['GENT'], active: true, mustChangePassword: true });

    // A temporary password of the admin's choosing, given from the account's row.
    const temporary = 'tijdelijk-wachtwoord-voor-gent';
    await a.click(`${rowOf(email)} ${testid('temporary-password')}`);
    await a.fill(`${rowOf(email)} input[name="secret"]`, temporary);
    await a.click(`${rowOf(email)} ${testid('temporary-password-submit')}`);
    await a.waitForSelector(`${testid('accounts-status')}:has-text("Tijdelijk wachtwoord gegeven")`);
    assert.equal(await a.locator(`${rowOf(email)} ${testid('account-status')}`).getAttribute('data-must-change'), 'true');
    assert.equal((await accountOf(email)).mustChangePassword, true);
    const first = await post('mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }', { e: email, p: 'eerste-tijdelijke-fietsroute' });
    assert.equal((await first.json()).errors[0].extensions.code, 'UNAUTHENTICATED', 'the first temporary password is gone');

    // The coordinator signs in with it and must choose a password of their own first.
    const coordinator = await openPage({ bypassCSP: true });
    const c = coordinator.page;
    await visit(c, `#/aanmelden?terug=${encodeURIComponent('#/team')}`, 'aanmelden');
    await signIn(c, { email, password: temporary });
    await c.waitForSelector(testid('new-password-form'));
    assert.equal(await c.evaluate(() => sessionStorage.getItem('lode.session')), null, 'the temporary session is not kept');
    assert.deepEqual(await violations(c), [], 'no WCAG violations on the new-password form');
    for (const [next, field] of [[temporary, 'newPassword'], ['welkom123456', 'newPassword']]) {
      await c.fill(testid('new-password-next'), next);
      await c.fill(testid('new-password-again'), next);
      await c.click(testid('new-password-submit'));
      const message = c.locator(`${testid('new-password-form')} ${testid('error-message')}`);
      await message.waitFor();
      assert.equal(await message.getAttribute('data-field'), field, `${next} is refused at its field`);
      assert.equal(await c.locator(testid('new-password-next')).getAttribute('aria-invalid'), 'true');
    }
    assert.ok(await c.locator(testid('password-weak')).isVisible(), 'the API refused the weak one, and the page says why');
    const own = 'mijn-eigen-lange-fietszin';
    await c.fill(testid('new-password-next'), own);
    await c.fill(testid('new-password-again'), own);
    await c.click(testid('new-password-submit'));
    await rendered(c, 'team');
    assert.equal(new URL(c.url()).hash, '#/team');
    assert.equal(await c.locator(testid('team-only')).count(), 0, 'the workspace takes the coordinator in');
    const token = await c.evaluate(() => sessionStorage.getItem('lode.session'));
    assert.ok(token, 'the new session is kept');
    const me = await (await post('{ me { email mustChangePassword } }', {}, token)).json();
    assert.deepEqual(me.data.me, { email, mustChangePassword: false });
    assert.equal((await accountOf(email)).mustChangePassword, false);

    // The admin deactivates the account: its session stops working, and it signs in no more.
    await a.click(`${rowOf(email)} ${testid('deactivate-account')}`);
    await a.waitForSelector(`${rowOf(email)} ${testid('account-status')}[data-active="false"]`);
    assert.equal((await accountOf(email)).active, false);
    const stopped = await post('{ me { email } }', {}, token);
    assert.equal(stopped.status, 401);
    await visit(c, '#/mijn', 'aanmelden');
    assert.ok(await c.locator(testid('session-ended')).isVisible(), 'the coordinator is told the session ended');
    assert.equal(await c.evaluate(() => sessionStorage.getItem('lode.session')), null, 'the dead token is forgotten');
    await signIn(c, { email, password: own });
    const wrong = c.locator(`${testid('signin-form')} ${testid('error-message')}`);
    await wrong.waitFor();
    assert.equal(await wrong.getAttribute('data-code'), 'UNAUTHENTICATED', 'a deactivated account signs in no more');

    // Reactivated, it signs in again with its own password.
    await a.click(`${rowOf(email)} ${testid('reactivate-account')}`);
    await a.waitForSelector(`${rowOf(email)} ${testid('account-status')}[data-active="true"]`);
    await signIn(c, { email, password: own });
    await rendered(c, 'mijn');
    await coordinator.done([/status of 401/]);
    await admin.done();
  });

  test('a coordinator finds no accounts page, and the API lists accounts to admins only', async () => {
    const { page, done } = await openPage();
    await signInTo(page, GENT, '#/team/accounts', 'team');
    await page.waitForSelector(testid('accounts-admins-only'));
    const token = await page.evaluate(() => sessionStorage.getItem('lode.session'));
    const refused = await (await post('{ accounts { totalCount } }', {}, token)).json();
    assert.equal(refused.errors[0].extensions.code, 'FORBIDDEN');
    await done();
  });
});
