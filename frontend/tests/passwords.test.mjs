// A forgotten password, a confirmed address and a colleague's invitation in the browser: from the sign-in
// page's link to the form that asks for a reset, the link of the message the SMTP server received
// (`LODE_MAIL_DIR`, its folder) to the page that chooses a new password; the sign-up's link to the page that
// confirms the address; and a member's invitation from Mijn LODE to the page where the colleague accepts it.
// A link works once; used again, it says so.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { graphql, mailedToken, openPage, post, rendered, signIn, signInTo, testid, violations, visit } from './support/browser.mjs';

const RUN = Date.now().toString(36);

const logsIn = async (email, password) => !!(await (await post('mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }', { e: email, p: password })).json()).data?.login?.token;

describe('a forgotten password and a confirmed address', () => {
  test('the sign-in page leads to a reset, whose link chooses a new password once', async () => {
    const email = `vergeten.${RUN}@lode.example`;
    await graphql('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { email, password: 'een-oud-lang-wachtwoord', role: 'COORDINATOR', cities: ['GENT'] } });
    const { page, done } = await openPage({ bypassCSP: true });
    await visit(page, '#/aanmelden', 'aanmelden');
    await page.click(testid('forgot-link'));
    await rendered(page, 'wachtwoord-vergeten');
    await page.fill(testid('forgot-email'), email);
    await page.click(testid('forgot-submit'));
    await page.locator(testid('forgot-sent')).waitFor();
    assert.deepEqual(await violations(page), [], 'the request form passes axe');

    const token = await mailedToken(email, 'wachtwoord');
    await visit(page, `#/wachtwoord?token=${token}`, 'wachtwoord');
    await page.fill(testid('reset-next'), 'een-nieuw-fietspad-langs-de-leie');
    await page.fill(testid('reset-again'), 'iets anders');
    await page.click(testid('reset-submit'));
    assert.equal(await page.locator(testid('error-message')).getAttribute('data-field'), 'again', 'the two must match');
    assert.deepEqual(await violations(page), [], 'the reset form passes axe');
    await page.fill(testid('reset-again'), 'een-nieuw-fietspad-langs-de-leie');
    await page.click(testid('reset-submit'));
    await rendered(page, 'aanmelden');
    await page.locator(testid('password-reset-sign-in')).waitFor();
    assert.ok(await logsIn(email, 'een-nieuw-fietspad-langs-de-leie'), 'the new password signs in');
    assert.ok(!(await logsIn(email, 'een-oud-lang-wachtwoord')), 'the old one no more');
    await signIn(page, { email, password: 'een-nieuw-fietspad-langs-de-leie' });
    await rendered(page, 'team');

    // The link again: it says it does not work, and offers a new one.
    await visit(page, `#/wachtwoord?token=${token}`, 'wachtwoord');
    await page.fill(testid('reset-next'), 'nog-een-ander-fietspad-aan-de-schelde');
    await page.fill(testid('reset-again'), 'nog-een-ander-fietspad-aan-de-schelde');
    await page.click(testid('reset-submit'));
    assert.equal(await page.locator(testid('error-message')).getAttribute('data-code'), 'INVALID_TOKEN');
    await page.locator(testid('ask-again')).waitFor();
    assert.deepEqual(await violations(page), [], 'the refusal passes axe');
    await done([/status of 4\d\d/]);
  });

  test('the sign-up’s message confirms the address', async () => {
    const email = `nieuw.${RUN}@lode.example`;
    const { terms } = await graphql('{ terms(language: NL) { version } }');
    await post('mutation($e: String!, $v: String!) { signUp(input: { email: $e, password: "een-lang-wachtwoord-voor-nieuw", partnerName: "Nieuwkomer", stakeholderType: CITIZEN, contact: { name: "Nele Nieuw", email: "nele@lode.example" }, termsVersion: $v }) { message } }', { e: email, v: terms.version });
    const token = await mailedToken(email, 'bevestigen');
    const { page, done } = await openPage({ bypassCSP: true });
    await visit(page, `#/bevestigen?token=${token}`, 'bevestigen');
    assert.deepEqual(await violations(page), [], 'the confirmation page passes axe');
    await page.click(testid('confirm-submit'));
    await page.locator(testid('confirm-done')).waitFor();
    assert.deepEqual(await violations(page), [], 'the confirmed page passes axe');
    // Elsewhere first: the same address again would not render the page anew.
    await visit(page, '#/wachtwoord', 'wachtwoord');
    await page.locator(testid('reset-no-token')).waitFor();
    await visit(page, `#/bevestigen?token=${token}`, 'bevestigen');
    await page.click(testid('confirm-submit'));
    assert.equal(await page.locator(testid('error-message')).getAttribute('data-code'), 'INVALID_TOKEN', 'once only');
    await done([/status of 4\d\d/]);
  });

  test('the link of an answer to a survey given by e-mail makes it count', async () => {
    const email = `bevraagd.${RUN}@lode.example`;
    const { valueDomains } = await graphql('{ valueDomains(first: 1) { nodes { id } } }');
    const domain = valueDomains.nodes[0].id;
    const { createSurvey } = await graphql(
      'mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { survey { id questions { id } } } }',
      { input: { title: `Bevraging ${RUN}`, questions: [{ kind: 'VALUE_DOMAINS', prompt: 'Hoeveel waarde?', valueDomainIds: [domain], required: true }] } },
    );
    const survey = createSurvey.survey;
    await graphql('mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: OPEN }) { survey { id } } }', { id: survey.id });
    const { survey: consent } = await graphql('query($id: ID!) { survey(id: $id) { consent { version } } }', { id: survey.id });
    await post(
      'mutation($input: AnswerSurveyByEmailInput!) { answerSurveyByEmail(input: $input) { confirmationSent } }',
      { input: { surveyId: survey.id, email, stakeholderType: 'CITIZEN', language: 'NL', consentVersion: consent.consent.version, answers: [{ questionId: survey.questions[0].id, domains: [{ valueDomainId: domain, economicValue: 4 }] }] } },
    );
    const counted = async () => (await graphql('query($id: ID!) { survey(id: $id) { results { unconfirmed respondents { total } } } }', { id: survey.id })).survey.results;
    assert.deepEqual(await counted(), { unconfirmed: 1, respondents: { total: 0 } }, 'waiting for its link');
    const token = await mailedToken(email, 'bevraging-bevestigen');
    const { page, done } = await openPage({ bypassCSP: true });
    await visit(page, `#/bevraging-bevestigen?token=${token}`, 'bevraging-bevestigen');
    assert.deepEqual(await violations(page), [], 'the confirmation page passes axe');
    await page.click(testid('confirm-submit'));
    await page.locator(testid('confirm-done')).waitFor();
    assert.deepEqual(await counted(), { unconfirmed: 0, respondents: { total: 1 } }, 'it counts');
    await visit(page, '#/wachtwoord', 'wachtwoord');
    await visit(page, `#/bevraging-bevestigen?token=${token}`, 'bevraging-bevestigen');
    await page.click(testid('confirm-submit'));
    assert.equal(await page.locator(testid('error-message')).getAttribute('data-code'), 'INVALID_TOKEN', 'once only');
    await done([/status of 4\d\d/]);
  });

  test('a member invites a colleague from Mijn LODE, who accepts with the link and signs in for the organisation', async () => {
    const member = { email: `lid.${RUN}@kaaiwerk.example`, password: 'een-lang-wachtwoord-voor-het-lid' };
    const colleague = { email: `collega.${RUN}@kaaiwerk.example`, password: 'de-kaai-langs-de-leie-op' };
    const withdrawn = `weg.${RUN}@kaaiwerk.example`;
    const { createPartner } = await graphql('mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }', { input: { name: `Kaaiwerk ${RUN}`, stakeholderType: 'COMPANY', homeCity: 'BRUGGE' } });
    const partnerId = createPartner.partner.id;
    await graphql('mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }', { id: partnerId });
    await graphql('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { ...member, role: 'PARTNER', partnerId } });

    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, member, '#/mijn', 'mijn');
    const form = page.locator(testid('member-invite-form'));
    await form.waitFor();
    assert.deepEqual(await violations(page), [], 'the invitation form passes axe');
    const invite = async (email) => {
      await page.fill(testid('member-invite-email'), email);
      await page.click(testid('member-invite-submit'));
      await page.locator(`${testid('member-item')}[data-email="${email}"] ${testid('member-invited')}`).waitFor();
    };
    await invite(colleague.email);
    await invite(withdrawn);
    assert.deepEqual(await violations(page), [], 'the open invitations pass axe');
    // Sent again at once: the page says it waits, as nothing went.
    const open = page.locator(`${testid('member-item')}[data-email="${colleague.email}"]`);
    await open.getByRole('button', { name: `Opnieuw versturen: ${colleague.email}` }).click();
    assert.equal(await open.locator(testid('invite-again-sent')).getAttribute('data-sent'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'invite-again-sent', 'the focus stays where the button was');

    // One withdrawn: gone from the list, its link works no more.
    const withdrawnToken = await mailedToken(withdrawn, 'uitnodiging');
    const gone = page.locator(`${testid('member-item')}[data-email="${withdrawn}"]`);
    await page.getByRole('button', { name: `Uitnodiging intrekken: ${withdrawn}` }).click();
    await gone.locator(testid('confirm-remove-member')).click();
    await gone.waitFor({ state: 'detached' });

    // The colleague's link: the page asks for a password twice and the terms, then sends to the sign-in.
    const token = await mailedToken(colleague.email, 'uitnodiging');
    await visit(page, `#/uitnodiging?token=${token}`, 'uitnodiging');
    await page.fill(testid('invite-next'), colleague.password);
    await page.fill(testid('invite-again'), colleague.password);
    await page.locator(testid('invite-terms-open')).click();
    await page.locator(`${testid('invite-terms-text')} .terms-text`).waitFor();
    assert.deepEqual(await violations(page), [], 'the invitation page passes axe');
    await page.click(testid('invite-submit'));
    assert.equal(await page.locator('[data-testid="invite-terms"]:invalid').count(), 1, 'the terms must be accepted');
    await page.check(testid('invite-terms'));
    await page.click(testid('invite-submit'));
    await rendered(page, 'aanmelden');
    await page.locator(testid('invitation-sign-in')).waitFor();
    assert.equal(await page.evaluate(() => Object.keys(sessionStorage).length), 0, 'the member’s session in this browser ended with it');
    assert.ok(await logsIn(colleague.email, colleague.password), 'the colleague signs in');

    await signInTo(page, colleague, '#/mijn', 'mijn');
    const list = page.locator(testid('member-list'));
    await list.waitFor();
    assert.deepEqual((await list.locator(testid('member-item')).evaluateAll((items) => items.map((li) => li.getAttribute('data-email')))).sort(), [colleague.email, member.email].sort());
    assert.equal(await list.locator(testid('member-invited')).count(), 0, 'no invitation is open any more');

    // The withdrawn one's link says it does not work.
    await visit(page, `#/uitnodiging?token=${withdrawnToken}`, 'uitnodiging');
    await page.fill(testid('invite-next'), 'nog-een-ander-lang-wachtwoord');
    await page.fill(testid('invite-again'), 'nog-een-ander-lang-wachtwoord');
    await page.check(testid('invite-terms'));
    await page.click(testid('invite-submit'));
    assert.equal(await page.locator(testid('error-message')).getAttribute('data-code'), 'INVALID_TOKEN');
    await done([/status of 4\d\d/]);
  });
});
