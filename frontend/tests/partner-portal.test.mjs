// A partner's profile from sign-up on (`#/word-partner`, `#/mijn`, `#/team/partners`): signing up with no
// type or city chosen beforehand and with tags suggested from matching's words, the terms read in place,
// the profile edited in Mijn LODE, and the team's refusal with a reason that the partner then reads.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TEAM, graphql, graphqlAs, openPage, post, rendered, signInTo, testid, tokenOf, violations, visit } from './support/browser.mjs';

/** Makes this run's records unique on the shared server. */
const RUN = Date.now().toString(36);

/** The test id of the element that has the focus. */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** The tags a tag field shows. */
const tagsOf = (page, id) => page.locator(`${testid(`${id}-tags`)} li`).evaluateAll((items) => items.map((li) => li.getAttribute('data-tag')));

/** A partner's profile as the team reads it, found by name. */
async function partnerNamed(name) {
  const { partners } = await graphql('{ partners(filter: { status: [PENDING, REFUSED] }, first: 100) { nodes { id slug name homeCity stakeholderType capabilities dataOffered dataNeeded website status interests { name } } } }');
  return partners.nodes.find((p) => p.name === name);
}

describe('a partner from sign-up to its own portal', () => {
  test('signing up asks for the type and city, suggests tags, shows the terms and saves what matching reads', async () => {
    const name = `Luchtpiloten ${RUN}`;
    const account = { email: `hallo.${RUN}@luchtpiloten.example`, password: 'een-lang-wachtwoord' };
    const { page, done } = await openPage({ bypassCSP: true });
    await visit(page, '#/word-partner', 'word-partner');
    assert.equal(await page.inputValue(testid('join-stakeholderType')), '', 'no type is chosen for the user');
    assert.equal(await page.inputValue(testid('join-homeCity')), '', 'no city is chosen for the user');
    assert.equal(await page.locator('#join-capabilities-suggestions option[value="luchtkwaliteit"]').count(), 1, 'matching’s words are suggested');
    assert.deepEqual(await violations(page), [], 'the sign-up form passes axe');

    await page.fill(testid('join-partnerName'), name);
    await page.fill(testid('join-contactName'), 'Noor Vermeulen');
    await page.fill(testid('join-contactEmail'), `noor.${RUN}@luchtpiloten.example`);
    await page.fill(testid('join-email'), account.email);
    await page.fill(testid('join-password'), account.password);
    await page.check(testid('join-terms'));
    await page.click(testid('join-submit'));
    const typeMissing = page.locator(testid('join-stakeholderType-error'));
    await typeMissing.waitFor();
    assert.equal(await page.locator(testid('join-stakeholderType')).getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator(testid('join-homeCity-error')).isVisible(), 'the empty city says so too');
    assert.equal(await page.locator(testid('join-done')).count(), 0, 'nothing was sent');

    await page.fill(testid('join-capabilities-input'), 'luchtkwaliteit');
    await page.press(testid('join-capabilities-input'), 'Enter');
    await page.fill(testid('join-capabilities-input'), 'drones,');
    assert.deepEqual(await tagsOf(page, 'join-capabilities'), ['luchtkwaliteit', 'drones'], 'Enter and a comma add a tag, a free word too');
    await page.fill(testid('join-dataOffered-input'), 'fijnstofmetingen');
    await page.click(testid('join-dataOffered-add'));
    // A word left in the box counts too.
    await page.fill(testid('join-dataNeeded-input'), 'verkeerstellingen');
    await page.locator(`${testid('join-capabilities-tags')} li`, { hasText: 'drones' }).locator('button').click();
    assert.deepEqual(await tagsOf(page, 'join-capabilities'), ['luchtkwaliteit']);

    await page.click(testid('join-terms-open'));
    const terms = page.locator(testid('join-terms-text'));
    assert.match(await terms.textContent(), /privacyverklaring/);
    assert.ok(await terms.locator('h2').isVisible(), 'the terms open in place');
    const version = await terms.getAttribute('data-version');
    assert.deepEqual(await violations(page), [], 'the form with its tags and terms passes axe');

    await page.selectOption(testid('join-stakeholderType'), 'COMPANY');
    await page.selectOption(testid('join-homeCity'), 'ELSEWHERE');
    assert.ok(!(await typeMissing.isVisible()), 'the field error goes once chosen');
    await page.click(testid('join-submit'));
    await page.locator(testid('join-done')).waitFor();

    const saved = await partnerNamed(name);
    assert.deepEqual(
      [saved.stakeholderType, saved.homeCity, saved.capabilities, saved.dataOffered, saved.dataNeeded],
      ['COMPANY', null, ['luchtkwaliteit'], ['fijnstofmetingen'], ['verkeerstellingen']],
    );
    const { me } = await graphqlAs(await tokenOf(account), '{ me { consents { textVersion } } }');
    assert.deepEqual(me.consents, [{ textVersion: version }], 'the consent names the version shown');
    await done();
  });

  test('a partner edits its profile in Mijn LODE, and reads the reason when the team refuses it', async () => {
    const name = `Datadelers ${RUN}`;
    const account = { email: `info.${RUN}@datadelers.example`, password: 'een-lang-wachtwoord' };
    await graphqlAs(null, 'mutation($input: SignUpInput!) { signUp(input: $input) { message } }', {
      input: {
        email: account.email, password: account.password, partnerName: name, stakeholderType: 'CIVIC_ORGANISATION', homeCity: 'GENT',
        contact: { name: 'Jan Peeters', email: `jan.${RUN}@datadelers.example` }, termsVersion: '2026-11',
      },
    });
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, account, '#/mijn', 'mijn');
    await page.locator(testid('my-pending')).waitFor();
    await page.locator(testid('my-profile-form')).waitFor();
    assert.equal(await page.locator(testid('my-profile-name')).count(), 0, 'the team keeps the name');
    assert.equal(await page.inputValue(testid('my-profile-contact-name')), 'Jan Peeters', 'the private contact is there to change');
    assert.deepEqual(await violations(page), [], 'Mijn LODE with its profile form passes axe');

    await page.fill(testid('my-profile-website'), 'https://datadelers.example');
    await page.fill(testid('my-profile-capabilities-input'), 'gis');
    await page.press(testid('my-profile-capabilities-input'), 'Enter');
    await page.fill(testid('my-profile-dataNeeded-input'), 'bomen');
    await page.press(testid('my-profile-dataNeeded-input'), 'Enter');
    await page.fill(testid('my-profile-contact-phone'), '+32 9 123 45 67');
    await page.click(testid('my-profile-save'));
    await page.locator(testid('my-profile-saved')).waitFor();
    const edited = await partnerNamed(name);
    assert.deepEqual([edited.website, edited.capabilities, edited.dataNeeded], ['https://datadelers.example', ['gis'], ['bomen']]);

    const reason = `Jullie werken buiten Gent en Brugge (${RUN}).`;
    const team = await openPage({ bypassCSP: true });
    await signInTo(team.page, TEAM, `#/team/partners/${edited.slug}`, 'team');
    await team.page.click(testid('partner-refuse'));
    assert.equal(await focused(team.page), 'partner-refuse-reason', 'the reason is asked first');
    assert.deepEqual(await violations(team.page), [], 'the refusal form passes axe');
    await team.page.click(testid('partner-refuse-confirm'));
    assert.equal((await partnerNamed(name)).status, 'PENDING', 'no refusal without a reason');
    await team.page.fill(testid('partner-refuse-reason'), reason);
    await team.page.click(testid('partner-refuse-confirm'));
    await team.page.waitForSelector(`${testid('partner-result')} >> text=geweigerd`);
    assert.match(await team.page.locator(testid('partner-refusal')).textContent(), new RegExp(RUN));
    assert.equal((await partnerNamed(name)).status, 'REFUSED');
    await team.done();

    await page.reload();
    await rendered(page, 'mijn');
    const shown = page.locator(testid('my-refusal-reason'));
    await shown.waitFor();
    assert.equal(await shown.textContent(), reason, 'the partner reads the team’s reason');
    assert.deepEqual(await violations(page), [], 'the refusal in Mijn LODE passes axe');
    const anonymous = await (await post('query($id: ID!) { partner(id: $id) { refusal { reason } } }', { id: edited.id })).json();
    assert.equal(anonymous.data?.partner ?? null, null, 'the public reads nothing of it');
    assert.ok(!JSON.stringify(anonymous).includes(RUN), 'not even in an error');
    await done();
  });
});
