// A partner's own members doing their whole job in Mijn LODE (`#/mijn`): the cases that fit with a "not for
// us" taken back, a success story written with its preview and followed through the team's review, the
// organisation's accounts with one removed, and the account itself: a new password, a consent withdrawn, a
// copy of its data saved as a file, and its deletion, which erases the partner when it was the last account.
// The partner and its accounts are made here through the API, so the destructive steps touch nothing shared.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { graphql, graphqlAs, openPage, post, rendered, signInTo, testid, tokenOf, violations } from './support/browser.mjs';

/** Makes this run's records unique on the shared server. */
const RUN = Date.now().toString(36);
const NAME = `Sensorwerk ${RUN}`;
const ANNA = { email: `anna.${RUN}@sensorwerk.example`, password: 'een-lang-wachtwoord-voor-anna' };
const BERT = { email: `bert.${RUN}@sensorwerk.example`, password: 'een-lang-wachtwoord-voor-bert' };
/** The partner's global id, once made. */
let partnerId = '';

/** The ids of the cases that fit the partner, as the team reads them. */
const matchedCaseIds = async () => (await graphql('query($p: ID!) { matchingCases(partnerId: $p, first: 100) { pilotCase { id } } }', { p: partnerId })).matchingCases.map((m) => m.pilotCase.id);

/** Whether an account can still log in. */
const logsIn = async (account) => {
  const body = await (await post('mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }', { e: account.email, p: account.password })).json();
  return !!body.data?.login?.token;
};

/** Opens Mijn LODE signed in as `account`, with its sections rendered. */
async function mine(account) {
  const opened = await openPage({ bypassCSP: true, acceptDownloads: true });
  await signInTo(opened.page, account, '#/mijn', 'mijn');
  await opened.page.locator(testid('my-account')).waitFor();
  return opened;
}

describe('a partner’s members in Mijn LODE', () => {
  before(async () => {
    const { createPartner } = await graphql(
      'mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id updatedAt } } }',
      { input: { name: NAME, stakeholderType: 'COMPANY', homeCity: 'GENT', capabilities: ['luchtkwaliteit', 'IoT sensors', 'datavisualisatie'], contact: { name: 'Anna Sensor', email: ANNA.email } } },
    );
    partnerId = createPartner.partner.id;
    await graphql('mutation($id: ID!, $read: DateTime!) { setPartnerStatus(input: { id: $id, expectedUpdatedAt: $read, status: APPROVED }) { partner { id } } }', { id: partnerId, read: createPartner.partner.updatedAt });
    for (const account of [ANNA, BERT]) {
      await graphql('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { email: account.email, password: account.password, role: 'PARTNER', partnerId } });
    }
    await graphqlAs(await tokenOf(ANNA), 'mutation { giveConsent(input: { purpose: NEWSLETTER, textVersion: "2026-01" }) { consents { active } } }');
    const { terms } = await graphql('{ terms(language: NL) { version } }');
    await graphqlAs(await tokenOf(ANNA), 'mutation($v: String!) { giveConsent(input: { purpose: TERMS, textVersion: $v }) { consents { active } } }', { v: terms.version });
  });

  test('the cases that fit say why, and "not for us" takes one out of the rankings until taken back', async () => {
    const { page, done } = await mine(ANNA);
    const first = page.locator(testid('case-match-item')).first();
    await first.waitFor();
    const caseId = await first.getAttribute('data-case');
    assert.match(await first.locator(testid('case-match-why')).textContent(), /luchtkwaliteit/, 'why the case fits');
    assert.ok((await matchedCaseIds()).includes(caseId));
    assert.deepEqual(await violations(page), [], 'the cases that fit pass axe');

    await first.locator(testid('not-for-us')).click();
    const marked = page.locator(`${testid('case-not-for-us')}[data-case="${caseId}"]`);
    await marked.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'undo-not-for-us', 'the way back has the focus');
    assert.ok(!(await matchedCaseIds()).includes(caseId), 'the case no longer ranks the partner');
    assert.deepEqual(await violations(page), [], 'a case marked not for us passes axe');

    await marked.locator(testid('undo-not-for-us')).click();
    await page.locator(`${testid('case-match-item')}[data-case="${caseId}"]`).waitFor();
    assert.ok((await matchedCaseIds()).includes(caseId), 'taken back, the case ranks the partner again');
    await done();
  });

  test('a story is written with its preview, submitted for review and followed to its publication', async () => {
    const { page, done } = await mine(ANNA);
    await page.locator(testid('own-story-list-empty')).waitFor();
    const title = `Fijnstof in kaart ${RUN}`;
    await page.fill(testid('own-story-title'), title);
    await page.fill(testid('own-story-summary'), 'Sensoren aan de schoolpoort.');
    await page.fill(testid('own-story-body'), '## Resultaat\n\nDe metingen zijn **openbaar**.');
    await page.click(testid('own-story-body-preview-toggle'));
    const preview = page.locator(testid('own-story-body-preview'));
    await preview.locator('h2', { hasText: 'Resultaat' }).waitFor();
    assert.equal(await preview.locator('strong').textContent(), 'openbaar', 'the preview shows the Markdown rendered');
    assert.deepEqual(await violations(page), [], 'the story form with its preview passes axe');

    await page.click(testid('own-story-save'));
    const item = page.locator(testid('own-story-item'), { hasText: title });
    await item.waitFor();
    assert.equal(await item.getAttribute('data-status'), 'IN_REVIEW');
    assert.equal(await item.locator(testid('story-status')).textContent(), 'Ter nalezing');
    assert.deepEqual(await violations(page), [], 'the stories with one in review pass axe');

    const { partner } = await graphql('query($id: ID!) { partner(id: $id) { successStories { id title status updatedAt } } }', { id: partnerId });
    const story = partner.successStories.find((s) => s.title === title);
    assert.equal(story.status, 'IN_REVIEW', 'the team has it to review');
    await graphql('mutation($id: ID!, $read: DateTime!) { setSuccessStoryStatus(input: { id: $id, expectedUpdatedAt: $read, status: PUBLISHED }) { successStory { id } } }', { id: story.id, read: story.updatedAt });
    await page.reload();
    await rendered(page, 'mijn');
    const published = page.locator(testid('own-story-item'), { hasText: title });
    await published.waitFor();
    assert.equal(await published.getAttribute('data-status'), 'PUBLISHED');
    assert.equal(await published.locator('a').count(), 1, 'a published story links to its page');
    await done();
  });

  test('the organisation’s accounts are listed with their addresses, and one is removed but never the last', async () => {
    const { page, done } = await mine(ANNA);
    const list = page.locator(testid('member-list'));
    await list.waitFor();
    assert.deepEqual(await list.locator(testid('member-item')).evaluateAll((items) => items.map((li) => li.getAttribute('data-email'))), [ANNA.email, BERT.email]);
    const own = list.locator(`${testid('member-item')}[data-email="${ANNA.email}"]`);
    assert.equal(await own.locator(testid('remove-member')).count(), 0, 'one’s own account leaves by its deletion');
    assert.deepEqual(await violations(page), [], 'the accounts pass axe');

    const bert = list.locator(`${testid('member-item')}[data-email="${BERT.email}"]`);
    // The button names the account it removes.
    await page.getByRole('button', { name: `Verwijderen: ${BERT.email}` }).click();
    assert.match(await bert.locator('.confirm').textContent(), new RegExp(BERT.email.replace(/\./g, '\\.')), 'it asks first, naming the account');
    assert.deepEqual(await violations(page), [], 'the question passes axe');
    await bert.locator(testid('confirm-remove-member')).click();
    await page.locator(testid('member-last-note')).waitFor();
    assert.equal(await page.locator(testid('member-item')).count(), 1);
    assert.equal(await logsIn(BERT), false, 'the removed account signs in no more');
    await done();
  });

  test('the account changes its password, withdraws a consent, saves its data and, last of its partner, deletes itself', async () => {
    const { page, done } = await mine(ANNA);
    const consent = page.locator(`${testid('consent-item')}[data-purpose="NEWSLETTER"]`);
    await consent.waitFor();
    assert.deepEqual(await violations(page), [], 'the account’s section passes axe');
    // The terms hold as long as the account: they offer no withdrawal, which the API would refuse.
    const termsItem = page.locator(`${testid('consent-item')}[data-purpose="TERMS"]`);
    assert.equal(await termsItem.locator(testid('withdraw-consent')).count(), 0);
    await termsItem.locator(testid('terms-stay')).waitFor();
    await consent.locator(testid('withdraw-consent')).click();
    await page.locator(`${testid('consent-item')}[data-purpose="NEWSLETTER"][data-active="false"]`).waitFor();
    assert.equal(await page.locator(`${testid('consent-item')}[data-active="false"] ${testid('consent-withdrawn')}`).count(), 1, 'it says when');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click(testid('export-my-data'))]);
    assert.match(download.suggestedFilename(), /^lode-mijn-gegevens-\d{4}-\d{2}-\d{2}\.json$/);
    const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(saved.account.email, ANNA.email, 'the file holds the account');
    assert.equal(saved.partner.profile.name, NAME, 'and its partner');
    assert.ok(!JSON.stringify(saved).includes('password_hash'), 'but no password hash');
    await page.locator(testid('export-saved')).waitFor();

    await page.fill(testid('password-current'), 'niet-het-wachtwoord');
    await page.fill(testid('password-next'), 'een-nieuw-lang-wachtwoord-voor-anna');
    await page.click(testid('password-submit'));
    await page.locator(`${testid('password-status')} ${testid('error-message')}`).waitFor();
    assert.equal(await page.getAttribute(testid('password-current'), 'aria-invalid'), 'true', 'the wrong password is pointed at');
    await page.fill(testid('password-current'), ANNA.password);
    await page.click(testid('password-submit'));
    await page.locator(testid('password-changed')).waitFor();
    ANNA.password = 'een-nieuw-lang-wachtwoord-voor-anna';
    assert.ok(await logsIn(ANNA), 'the new password signs in');
    await page.reload();
    await rendered(page, 'mijn');
    await page.locator(testid('my-account')).waitFor();

    const deletion = page.locator(testid('account-deletion'));
    assert.match(await deletion.locator(testid('delete-erases-partner')).textContent(), new RegExp(NAME), 'the last account is told the partner goes too');
    await page.click(testid('delete-account'));
    assert.deepEqual(await violations(page), [], 'the deletion’s question passes axe');
    await page.click(testid('keep-account'));
    assert.equal(await logsIn(ANNA), true, 'keeping it changes nothing');
    await page.click(testid('delete-account'));
    await page.click(testid('confirm-delete-account'));
    await rendered(page, 'home');
    assert.equal(await logsIn(ANNA), false, 'the account is gone');
    const { partner } = await graphql('query($id: ID!) { partner(id: $id) { name erasedAt } }', { id: partnerId });
    assert.equal(partner.name, 'Erased partner', 'and so is its partner');
    assert.ok(partner.erasedAt);
    await done();
  });
});

