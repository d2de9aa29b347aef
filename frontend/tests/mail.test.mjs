// E-mail in the front end: an account chooses in Mijn LODE (`#/mijn`) the language LODE writes in and each
// kind of message, saved with `setMailPreferences` and shown as saved (a team account also sees the daily
// digest, a partner's member does not); a refusal is shown at its field; signing up sends the language the
// form was filled in; the team's dashboard shows the mail outbox, as a warning when messages are set aside or
// wait too long. The accounts are made here, so nothing shared changes.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { graphql, graphqlAs, openPage, rendered, signInTo, testid, tokenOf, violations, visit } from './support/browser.mjs';

/** Makes this run's records unique on the shared server. */
const RUN = Date.now().toString(36);
const MEMBER = { email: `mila.${RUN}@postduif.example`, password: 'een-lang-wachtwoord-voor-mila' };
const COORDINATOR = { email: `cas.${RUN}@gent.example`, password: 'een-lang-wachtwoord-voor-cas' };

/** An account's e-mail choices as the API answers them to the account itself. */
async function preferencesOf(account) {
  const { mailPreferences } = await graphqlAs(await tokenOf(account), '{ mailPreferences { language topics { topic on } } }');
  return { language: mailPreferences.language, off: mailPreferences.topics.filter((s) => !s.on).map((s) => s.topic).sort() };
}

/** Opens Mijn LODE signed in as `account`, with its e-mail choices shown. */
async function mine(account) {
  const opened = await openPage({ bypassCSP: true });
  await signInTo(opened.page, account, '#/mijn', 'mijn');
  await opened.page.locator(testid('mail-form')).waitFor();
  return opened;
}

/** The topics the form offers, in order. */
const offered = (page) => page.locator(`${testid('mail-topics')} input[type="checkbox"]`).evaluateAll((boxes) => boxes.map((b) => b.value));

/** Makes every `MailStatus` request of `page` answer `status`, as if the outbox stood so. */
async function outboxStands(page, status) {
  await page.unrouteAll();
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON();
    if (body && typeof body.query === 'string' && body.query.startsWith('query MailStatus')) {
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { mailStatus: status } }) });
    } else {
      await route.continue();
    }
  });
}

describe('e-mail in the front end', () => {
  before(async () => {
    const { createPartner } = await graphql('mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }', {
      input: { name: `Postduif ${RUN}`, stakeholderType: 'COMPANY', homeCity: 'GENT' },
    });
    await graphql('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', {
      input: { email: MEMBER.email, password: MEMBER.password, role: 'PARTNER', partnerId: createPartner.partner.id },
    });
    await graphql('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', {
      input: { email: COORDINATOR.email, password: COORDINATOR.password, role: 'COORDINATOR', cities: ['GENT'] },
    });
  });

  test('a member chooses the language and the messages, saves them and finds them saved', async () => {
    const { page, done } = await mine(MEMBER);
    assert.deepEqual(await offered(page), ['REMINDERS', 'EVENT_UPDATES', 'CASES', 'STORIES'], 'every topic but the team’s digest');
    assert.ok(await page.locator(testid('mail-language-NL')).isChecked(), 'Dutch unless chosen otherwise');
    for (const topic of await offered(page)) assert.ok(await page.locator(testid(`mail-topic-${topic}`)).isChecked(), `${topic} is on`);
    assert.match(await page.locator(testid('mail-always')).textContent(), /deurcode.*annulering.*wachtwoord/, 'what always goes is said');
    // Each box is named by its label and described by its line.
    await page.getByRole('checkbox', { name: 'Herinneringen voor events' }).waitFor();
    assert.match(await page.getByRole('checkbox', { name: 'Succesverhalen' }).getAttribute('aria-describedby'), /mail-topic-STORIES-help/);
    assert.deepEqual(await violations(page), [], 'the e-mail choices pass axe');

    await page.check(testid('mail-language-EN'));
    await page.uncheck(testid('mail-topic-REMINDERS'));
    await page.uncheck(testid('mail-topic-STORIES'));
    await page.click(testid('mail-submit'));
    await page.locator(testid('mail-saved')).waitFor();
    assert.match(await page.locator(testid('mail-saved')).textContent(), /English/);
    assert.deepEqual(await preferencesOf(MEMBER), { language: 'EN', off: ['REMINDERS', 'STORIES'] }, 'the API holds the choices');
    assert.equal(await page.locator(testid('mail-form')).getAttribute('data-topics-off'), 'REMINDERS STORIES', 'the form shows what was saved');
    assert.deepEqual(await violations(page), [], 'the saved choices pass axe');

    await page.reload();
    await rendered(page, 'mijn');
    await page.locator(testid('mail-form')).waitFor();
    assert.ok(await page.locator(testid('mail-language-EN')).isChecked(), 'the saved language is shown again');
    assert.equal(await page.locator(testid('mail-topic-REMINDERS')).isChecked(), false);
    assert.equal(await page.locator(testid('mail-topic-STORIES')).isChecked(), false);
    assert.ok(await page.locator(testid('mail-topic-CASES')).isChecked());

    // Back on: the topic turned on again is on in the API too.
    await page.check(testid('mail-topic-STORIES'));
    await page.click(testid('mail-submit'));
    await page.locator(testid('mail-saved')).waitFor();
    assert.deepEqual(await preferencesOf(MEMBER), { language: 'EN', off: ['REMINDERS'] });
    await done();
  });

  test('a refused choice is shown at its field, and the form keeps what was ticked', async () => {
    const { page, done } = await mine(MEMBER);
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON();
      if (body && typeof body.query === 'string' && body.query.startsWith('mutation SetMailPreferences')) {
        await route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ data: null, errors: [{ message: 'not a topic', extensions: { code: 'VALIDATION', field: 'topicsOff' } }] }),
        });
      } else {
        await route.continue();
      }
    });
    await page.uncheck(testid('mail-topic-CASES'));
    await page.click(testid('mail-submit'));
    const error = page.locator(testid('mail-topics-error'));
    await error.waitFor();
    assert.match(await error.textContent(), /Welke e-mails je krijgt/, 'the message names the field');
    assert.equal(await page.locator(testid('mail-topics')).getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator(testid('mail-topics')).getAttribute('aria-describedby'), /mail-topics-error/, 'the field is described by its error');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'mail-topics', 'the field has the focus');
    assert.equal(await page.locator(testid('mail-topic-CASES')).isChecked(), false, 'the choice stays');
    assert.equal(await page.locator(testid('mail-saved')).count(), 0);
    assert.deepEqual(await violations(page), [], 'the refusal passes axe');
    assert.deepEqual(await preferencesOf(MEMBER), { language: 'EN', off: ['REMINDERS'] }, 'nothing changed');
    await done([/LODE API error VALIDATION/]);
  });

  test('a coordinator manages their own e-mail in Mijn LODE, the daily digest too', async () => {
    const { page, done } = await mine(COORDINATOR);
    assert.deepEqual(await offered(page), ['REMINDERS', 'EVENT_UPDATES', 'CASES', 'STORIES', 'DIGEST']);
    assert.match(await page.locator(`label[for="mail-topic-DIGEST"]`).textContent(), /Dagelijks overzicht/);
    assert.deepEqual(await violations(page), [], 'the team’s e-mail choices pass axe');
    await page.uncheck(testid('mail-topic-DIGEST'));
    await page.click(testid('mail-submit'));
    await page.locator(testid('mail-saved')).waitFor();
    assert.deepEqual(await preferencesOf(COORDINATOR), { language: 'NL', off: ['DIGEST'] });
    await done();
  });

  test('signing up in English asks LODE to write in English', async () => {
    const account = { email: `hello.${RUN}@carrierpigeon.example`, password: `pigeons-carry-letters-${RUN}` };
    const { page, done } = await openPage({ bypassCSP: true });
    await page.addInitScript(() => localStorage.setItem('lode.lang', 'en'));
    await visit(page, '#/word-partner', 'word-partner');
    const sent = [];
    page.on('request', (request) => {
      const body = request.method() === 'POST' ? request.postDataJSON() : null;
      if (body && typeof body.query === 'string' && body.query.startsWith('mutation Join')) sent.push(body.variables.input);
    });
    await page.fill(testid('join-partnerName'), `Carrier Pigeon ${RUN}`);
    await page.selectOption(testid('join-stakeholderType'), 'COMPANY');
    await page.selectOption(testid('join-homeCity'), 'GENT');
    await page.fill(testid('join-contactName'), 'Robin Pigeon');
    await page.fill(testid('join-contactEmail'), `robin.${RUN}@carrierpigeon.example`);
    await page.fill(testid('join-email'), account.email);
    await page.fill(testid('join-password'), account.password);
    await page.check(testid('join-terms'));
    await page.click(testid('join-submit'));
    await page.locator(testid('join-done')).waitFor();
    assert.deepEqual(sent.map((input) => input.language), ['EN'], 'the form sends the page’s language');
    assert.equal((await preferencesOf(account)).language, 'EN', 'the new account is written to in English');
    await done();
  });

  test('the dashboard shows the mail outbox, as a warning when messages are set aside or wait too long', async () => {
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, COORDINATOR, '#/team', 'team');
    const outbox = page.locator(testid('mail-outbox'));
    await outbox.waitFor();
    const { mailStatus } = await graphql('{ mailStatus { pending failed } }');
    assert.equal(await page.locator(testid('mail-failed')).getAttribute('data-count'), String(mailStatus.failed), 'the set-aside count is the API’s');
    assert.deepEqual(await violations(page), [], 'the dashboard with the outbox passes axe');

    // A calm outbox: a few waiting for a minute and a half, nothing set aside.
    await outboxStands(page, { pending: 3, oldestPendingSeconds: 90.5, failed: 0, scheduled: 4 });
    await page.reload();
    await rendered(page, 'team');
    await outbox.waitFor();
    assert.equal(await outbox.getAttribute('data-warn'), 'false');
    assert.match(await page.locator(testid('mail-pending')).textContent(), /3 berichten wachten/);
    assert.match(await page.locator(testid('mail-oldest')).textContent(), /1 minuut/);
    assert.match(await page.locator(testid('mail-failed')).textContent(), /Niets opzijgezet/);
    assert.match(await page.locator(testid('mail-scheduled')).textContent(), /4 gepland/);
    assert.equal(await page.locator(testid('mail-warning')).count(), 0);

    // The oldest has waited 21 minutes: a warning.
    await outboxStands(page, { pending: 1, oldestPendingSeconds: 21 * 60 + 5, failed: 0, scheduled: 0 });
    await page.reload();
    await rendered(page, 'team');
    await outbox.waitFor();
    assert.equal(await outbox.getAttribute('data-warn'), 'true');
    assert.match(await outbox.getAttribute('class'), /notice-warn/);
    assert.match(await page.locator(testid('mail-oldest')).textContent(), /21 minuten/);
    assert.match(await page.locator(testid('mail-warning')).textContent(), /15 minuten/);
    assert.deepEqual(await violations(page), [], 'the warning passes axe');

    // Two set aside, in English: a warning, whatever the age.
    await outboxStands(page, { pending: 0, oldestPendingSeconds: null, failed: 2, scheduled: 0 });
    await page.evaluate(() => localStorage.setItem('lode.lang', 'en'));
    await page.reload();
    await rendered(page, 'team');
    await outbox.waitFor();
    assert.equal(await outbox.getAttribute('data-warn'), 'true');
    assert.match(await page.locator(testid('mail-failed')).textContent(), /2 messages set aside/);
    assert.match(await page.locator(testid('mail-pending')).textContent(), /No messages waiting/);
    assert.equal(await page.locator(testid('mail-oldest')).count(), 0);
    assert.match(await page.locator(testid('mail-warning')).textContent(), /could not be sent/);
    await done();
  });
});
