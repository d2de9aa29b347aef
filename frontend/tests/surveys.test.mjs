// The market survey in the browser: anyone answers a survey with every kind of question on a phone, in
// Dutch, and makes the answer count through the link of the message it gets; a partner's member answers
// for the organisation in English and finds the answer again to change it; the team writes a survey in its
// editor and opens it, reads the results with their charts and tables, and applies the suggested scores to
// the value domains, whose pages then say where their scores came from, and downloads the anonymous
// answers as a spreadsheet; the public reads published results only. The survey and value domains are made here, so nothing shared changes.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PARTNER, TEAM, graphql, graphqlAs, mailedToken, openPage, rendered, signInTo, testid, tokenOf, violations, visit } from './support/browser.mjs';

/** Makes this run's records unique on the shared server. */
const RUN = Date.now().toString(36);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The survey made for these tests, with its two value domains. */
let survey;
let domains;

/** The survey's results as the team reads them. */
async function results() {
  const { survey: s } = await graphql(
    `query($slug: String!) { survey(slug: $slug) { results { unconfirmed respondents { total }
       questions { answered { total } options { total } scale { total } texts { text publishable } } } } }`,
    { slug: survey.slug },
  );
  return s.results;
}

/** Whether the page is no wider than its viewport (nothing to scroll sideways). */
const fitsWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

before(async () => {
  domains = [];
  for (const name of [`Parkeren ${RUN}`, `Luchtkwaliteit ${RUN}`]) {
    const { createValueDomain } = await graphql(
      'mutation($n: String!) { createValueDomain(input: { name: $n, economicValue: 2, societalValue: 2, dataReadiness: 2 }) { valueDomain { id slug name } } }',
      { n: name },
    );
    domains.push(createValueDomain.valueDomain);
  }
  const questions = [
    { kind: 'SINGLE_CHOICE', prompt: 'Hoe gebruik je open data?', promptEn: 'How do you use open data?', required: true, options: [{ label: 'Voor mijn werk', labelEn: 'For my work' }, { label: 'Als burger', labelEn: 'As a citizen' }] },
    { kind: 'MULTIPLE_CHOICE', prompt: 'Welke thema’s?', promptEn: 'Which themes?', options: [{ label: 'Mobiliteit', labelEn: 'Mobility' }, { label: 'Milieu', labelEn: 'Environment' }, { label: 'Wonen', labelEn: 'Housing' }] },
    { kind: 'SCALE', prompt: 'Hoe tevreden ben je?', promptEn: 'How satisfied are you?' },
    { kind: 'FREE_TEXT', prompt: 'Welke data mis je?', promptEn: 'Which data do you miss?' },
    { kind: 'VALUE_DOMAINS', prompt: 'Hoeveel waarde zie je?', promptEn: 'How much value do you see?', valueDomainIds: domains.map((d) => d.id) },
  ];
  const { createSurvey } = await graphql(
    'mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { survey { id slug updatedAt } } }',
    { input: { title: `Bevraging ${RUN}`, titleEn: `Survey ${RUN}`, introduction: 'Zeg het ons.', introductionEn: 'Tell us.', minAnswers: 1, questions } },
  );
  const { setSurveyStatus } = await graphql('mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: OPEN }) { survey { id slug } } }', { id: createSurvey.survey.id });
  survey = setSurveyStatus.survey;
});

describe('answering a survey', () => {
  test('anyone answers on a phone in Dutch, and the answer counts once the mailed link confirms it', async () => {
    const email = `antwoord.${RUN}@lode.example`;
    const { page, done } = await openPage({ bypassCSP: true, ...PHONE });
    await visit(page, `#/bevraging/${survey.slug}`, 'bevraging');
    assert.equal(await page.locator('h1').textContent(), `Bevraging ${RUN}`);
    assert.equal(await page.locator(testid('survey-question')).count(), 5, 'every question is asked');

    // A required question left open is named, and nothing is sent.
    await page.fill(testid('survey-email'), email);
    await page.selectOption(testid('survey-stakeholderType'), 'CITIZEN');
    await page.selectOption(testid('survey-city'), 'GENT');
    await page.check(testid('survey-terms'));
    await page.click(testid('survey-submit'));
    assert.equal(await page.locator(testid('error-message')).textContent(), 'Vraag 1 is verplicht.');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'survey-q1-0', 'the focus is on the question');

    // The consent text changed since the page was opened: the new one is shown to agree to again.
    await page.route('**/graphql', async (route) => {
      if (!(route.request().postData() || '').includes('query Survey(')) return route.continue();
      const response = await route.fetch();
      const body = await response.json();
      body.data.survey.consent.version = '2000-01';
      await route.fulfill({ response, json: body });
    });
    page.once('dialog', (dialog) => dialog.accept());
    await visit(page, '#/bevragingen', 'bevragingen');
    await visit(page, `#/bevraging/${survey.slug}`, 'bevraging');
    await page.unroute('**/graphql');
    await page.fill(testid('survey-email'), email);
    await page.selectOption(testid('survey-stakeholderType'), 'CITIZEN');
    await page.selectOption(testid('survey-city'), 'GENT');
    await page.check(testid('survey-terms'));
    await page.check(testid('survey-q1-1'));
    await page.click(testid('survey-submit'));
    await page.locator(testid('error-message')).and(page.locator('[data-field="consentVersion"]')).waitFor();
    assert.equal(await page.locator(testid('survey-terms-text')).getAttribute('data-version'), (await graphql('{ terms: survey(slug: "marktbevraging-2023") { consent { version } } }')).terms.consent.version);
    assert.ok(!(await page.locator(testid('survey-terms')).isChecked()), 'agreed again, not carried over');
    await page.check(testid('survey-terms'));

    await page.check(testid('survey-q1-1'));
    await page.check(testid('survey-q2-0'));
    await page.check(testid('survey-q2-2'));
    await page.check(testid('survey-q3-4'));
    await page.fill(testid('survey-q4-text'), '=Parkeerdata per straat');
    await page.selectOption(testid(`survey-q5-${domains[0].slug}-economicValue`), '4');
    await page.selectOption(testid(`survey-q5-${domains[0].slug}-dataReadiness`), '2');
    await page.check(testid('survey-publishText'));
    assert.deepEqual(await violations(page), [], 'the filled-in form passes axe');
    assert.ok(await fitsWidth(page), 'the form fits the phone’s width');
    await page.click(testid('survey-submit'));
    await page.locator(testid('survey-sent')).waitFor();
    assert.match(await page.locator(testid('survey-sent')).textContent(), new RegExp(email.replace(/[.]/g, '\\.')));
    assert.equal((await results()).respondents.total, 0, 'an unconfirmed answer does not count');
    assert.equal((await results()).unconfirmed, 1, 'the team sees it waiting');

    const token = await mailedToken(email, 'bevraging-bevestigen');
    await visit(page, `#/bevraging-bevestigen?token=${token}`, 'bevraging-bevestigen');
    await page.click(testid('confirm-submit'));
    await page.locator(testid('confirm-done')).waitFor();
    const counted = await results();
    assert.equal(counted.respondents.total, 1, 'the confirmed answer counts');
    assert.deepEqual(counted.questions[0].options.map((o) => o.total), [0, 1]);
    assert.deepEqual(counted.questions[1].options.map((o) => o.total), [1, 0, 1]);
    assert.deepEqual(counted.questions[2].scale.map((o) => o.total), [0, 0, 0, 1, 0]);
    assert.deepEqual(counted.questions[3].texts, [{ text: '=Parkeerdata per straat', publishable: true }]);
    await done();
  });

  test('a partner’s member answers in English for the organisation, and changes the answer later', async () => {
    const { page, done } = await openPage({ bypassCSP: true, ...PHONE });
    await signInTo(page, PARTNER, `#/bevraging/${survey.slug}`, 'bevraging');
    await page.click('.lang-btn[data-lang="en"]');
    await page.locator('h1', { hasText: `Survey ${RUN}` }).waitFor();
    await page.locator(testid('survey-for-partner')).waitFor();
    assert.equal(await page.locator(testid('survey-email')).count(), 0, 'a member does not give an address');
    assert.match(await page.locator(testid('survey-question')).first().textContent(), /How do you use open data\?.*For my work/s);
    await page.check(testid('survey-q1-0'));
    await page.selectOption(testid(`survey-q5-${domains[1].slug}-societalValue`), '5');
    await page.check(testid('survey-mayContact'));
    await page.check(testid('survey-terms'));
    await page.click(testid('survey-submit'));
    await page.locator(testid('survey-saved')).waitFor();
    assert.equal((await results()).respondents.total, 2, 'a partner’s answer counts at once');
    assert.deepEqual(await violations(page), [], 'the saved form passes axe');

    // Back later: the answer is there, and a change replaces it. Nothing asks to leave an unchanged form.
    const asked = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      dialog.dismiss();
    });
    await visit(page, '#/bevragingen', 'bevragingen');
    await visit(page, `#/bevraging/${survey.slug}`, 'bevraging');
    await visit(page, '#/bevragingen', 'bevragingen');
    await visit(page, `#/bevraging/${survey.slug}`, 'bevraging');
    assert.deepEqual(asked, [], 'an answer saved, or shown as saved, is no unsaved change');
    assert.ok(await page.locator(testid('survey-q1-0')).isChecked(), 'the answer given is shown');
    assert.equal(await page.locator(testid(`survey-q5-${domains[1].slug}-societalValue`)).inputValue(), '5');
    assert.ok(await page.locator(testid('survey-mayContact')).isChecked());
    await page.check(testid('survey-q1-1'));
    await page.check(testid('survey-terms'));
    await page.click(testid('survey-submit'));
    await page.locator(testid('survey-saved')).waitFor();
    const changed = await results();
    assert.equal(changed.respondents.total, 2, 'still one answer for the organisation');
    assert.deepEqual(changed.questions[0].options.map((o) => o.total), [0, 2]);
    await done();
  });
});

describe('the team and the results', () => {
  test('the team writes a survey in its editor and opens it', async () => {
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, TEAM, '#/team/bevragingen/nieuw', 'team');
    await page.fill(testid('survey-title'), `Nieuwe bevraging ${RUN}`);
    await page.click(testid('survey-question-add'));
    const first = page.locator(testid('question-editor')).nth(0);
    await first.locator(testid('question-prompt')).fill('Werk je met open data?');
    assert.ok(await first.locator(testid('question-options')).isVisible(), 'a choice question shows its options');
    await first.locator(testid('option-label')).nth(0).fill('Ja');
    await first.locator(testid('option-labelEn')).nth(0).fill('Yes');
    await first.locator(testid('option-label')).nth(1).fill('Nee | niet');
    await first.locator(testid('option-add')).click();
    await first.locator(testid('option-label')).nth(2).fill('Weet niet');
    await first.locator(testid('option-remove')).nth(2).click();
    await first.locator(testid('question-required')).check();
    await page.click(testid('survey-question-add'));
    const second = page.locator(testid('question-editor')).nth(1);
    await second.locator(testid('question-kind')).selectOption('VALUE_DOMAINS');
    assert.ok(!(await second.locator(testid('question-options')).isVisible()), 'a value-domain question has no options');
    await second.locator(testid('question-prompt')).fill('Welke waarde zie je?');
    await second.locator(testid('question-domain')).first().check();
    await second.locator(testid('question-up')).click();
    assert.deepEqual(await violations(page), [], 'the editor passes axe');
    await page.click(testid('survey-save'));
    await page.locator(testid('survey-result')).waitFor();
    await page.click(testid('survey-move-OPEN'));
    await page.locator(testid('survey-status')).and(page.locator('[data-status="OPEN"]')).waitFor();

    const slug = new URL(page.url()).hash.split('/').pop();
    const { survey: made } = await graphql('query($slug: String!) { survey(slug: $slug) { id status consent { version } questions { id kind prompt required options { label labelEn } valueDomains { id } } } }', { slug });
    assert.equal(made.status, 'OPEN');
    assert.deepEqual(made.questions.map((q) => q.kind), ['VALUE_DOMAINS', 'SINGLE_CHOICE'], 'moved up, the second question comes first');
    assert.deepEqual(made.questions[1].options, [{ label: 'Ja', labelEn: 'Yes' }, { label: 'Nee | niet', labelEn: '' }]);
    assert.equal(made.questions[1].required, true);
    assert.equal(made.questions[0].valueDomains.length, 1);

    // Once answered, only the wording changes: the editor offers no more, and a typo fix saves.
    await graphql(
      'mutation($input: AnswerSurveyByEmailInput!) { answerSurveyByEmail(input: $input) { confirmationSent } }',
      { input: { surveyId: made.id, email: `typo.${RUN}@lode.example`, stakeholderType: 'COMPANY', language: 'NL', consentVersion: made.consent.version, answers: [{ questionId: made.questions[1].id, choices: [0] }] } },
      false,
    );
    await visit(page, '#/team', 'team');
    await visit(page, `#/team/bevragingen/${slug}`, 'team');
    await page.locator(testid('survey-questions-fixed')).waitFor();
    assert.ok(await page.locator(testid('question-kind')).first().isDisabled(), 'the kind is fixed');
    assert.ok(await page.locator(testid('survey-question-add')).isDisabled(), 'no question is added');
    await page.locator(testid('question-prompt')).nth(1).fill('Werk jij met open data?');
    await page.click(testid('survey-save'));
    await page.locator(testid('survey-result')).waitFor();
    const { survey: fixed } = await graphql('query($slug: String!) { survey(slug: $slug) { questions { id prompt valueDomains { id } } } }', { slug });
    assert.equal(fixed.questions[1].prompt, 'Werk jij met open data?');
    assert.deepEqual(fixed.questions.map((q) => q.id), made.questions.map((q) => q.id), 'the questions keep their ids');

    // The address that answered asks to be erased: its unconfirmed answer goes.
    await visit(page, '#/team/bevragingen', 'team');
    await page.fill(testid('erase-email'), `typo.${RUN}@lode.example`);
    page.once('dialog', (dialog) => dialog.accept());
    await page.click(testid('erase-respondent-submit'));
    assert.equal(await page.locator(testid('erase-respondent-done')).textContent(), 'Het adres is gewist: het had 1 antwoord.');
    const { survey: erased } = await graphql('query($slug: String!) { survey(slug: $slug) { results { unconfirmed } } }', { slug });
    assert.equal(erased.results.unconfirmed, 0);
    assert.deepEqual(await violations(page), [], 'the list with the erasure passes axe');
    await done();
  });

  test('the team reads the results with charts, publishes them and applies the scores; the domain says where they came from', async () => {
    const { page, done } = await openPage({ bypassCSP: true });
    // Before publication the public reads no results.
    await visit(page, `#/bevraging/${survey.slug}/resultaten`, 'bevraging');
    await page.locator(testid('survey-results-unpublished')).waitFor();

    await signInTo(page, TEAM, `#/team/bevragingen/${survey.slug}`, 'team');
    assert.equal(await page.locator(testid('survey-answer-count')).getAttribute('data-total'), '2');
    await page.click(testid('survey-results-link'));
    await rendered(page, 'bevraging');
    await page.locator(testid('survey-results-team-only')).waitFor();
    const charts = page.locator('figure.chart svg[role="img"]');
    assert.ok((await charts.count()) >= 4, 'the questions are drawn');
    const described = await page.locator(`${testid('chart-question')} svg`).first().evaluate((svg) => svg.querySelector('desc')?.textContent || '');
    assert.match(described, /Voor mijn werk: 0 \(0 %\); Als burger: 2 \(100 %\)/, 'the drawing says its figures in words');
    await page.locator('figure.chart details summary').first().click();
    assert.deepEqual(await violations(page), [], 'the results pass axe');
    assert.equal(await page.locator(testid('survey-text')).count(), 1, 'the team reads the free text');

    await visit(page, `#/team/bevragingen/${survey.slug}`, 'team');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(testid('survey-csv'))]);
    assert.equal(download.suggestedFilename(), `survey-answers-${survey.slug}.csv`);
    const rows = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(rows.length, 3, 'a header and the two confirmed answers');
    assert.match(rows[0], /^"respondent","stakeholder_type","city","language","q1","q2","q3","q4",/);
    assert.ok(rows.some((row) => row.includes(`"'=Parkeerdata per straat"`)), 'a text that looks like a formula is made inert');
    assert.ok(!rows.join('\n').includes('@lode.example'), 'no address in the file');
    await page.locator(testid('survey-csv-done')).waitFor();
    await page.click(testid('survey-publish'));
    await page.locator(testid('survey-result')).waitFor();
    page.once('dialog', (dialog) => dialog.accept());
    await page.click(testid('survey-apply-scores'));
    await page.locator(testid('survey-result')).filter({ hasText: '2 meerwaardegebieden' }).waitFor();

    // The respondents who agreed to be contacted (the partner did), invited to an interview in one step.
    const { createEvent } = await graphql(
      'mutation($t: String!) { createEvent(input: { title: $t, format: INTERVIEW, startsAt: "2031-02-02T09:00:00Z", endsAt: "2031-02-02T10:00:00Z", cities: [GENT], venue: "De Krook" }) { event { id } } }',
      { t: `Interview ${RUN}` },
    );
    await graphql('mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }', { id: createEvent.event.id });
    const { me } = await graphqlAs(await tokenOf(PARTNER), '{ me { partner { stakeholderType } } }');
    const other = me.partner.stakeholderType === 'CITIZEN' ? 'COMPANY' : 'CITIZEN';
    await page.check(testid(`contacts-type-${other}`));
    await page.click(testid('contacts-show'));
    await page.locator(testid('contacts-none')).waitFor();
    await page.uncheck(testid(`contacts-type-${other}`));
    await page.check(testid(`contacts-type-${me.partner.stakeholderType}`));
    await page.click(testid('contacts-show'));
    assert.equal(await page.locator(testid('contacts-count')).getAttribute('data-total'), '1', 'only the partner agreed to be contacted');
    await page.selectOption(testid('contacts-event'), createEvent.event.id);
    assert.deepEqual(await violations(page), [], 'the conversations pass axe');
    await page.click(testid('contacts-invite'));
    assert.match(await page.locator(testid('contacts-invited')).textContent(), /^1 respondent is uitgenodigd/);
    await page.click(testid('contacts-invite'));
    await page.locator(testid('contacts-invited')).filter({ hasText: /^0 respondenten/ }).waitFor();
    const { valueDomain } = await graphql('query($slug: String!) { valueDomain(slug: $slug) { economicValue dataReadiness societalValue scoresSource { byHand answerCount } } }', { slug: domains[0].slug });
    assert.deepEqual(valueDomain, { economicValue: 4, dataReadiness: 2, societalValue: 2, scoresSource: { byHand: false, answerCount: 1 } }, 'the suggested scores are the domain’s');

    // A respondent without a profile is proposed one, filled in with what the answer said.
    await visit(page, '#/word-partner?type=CITIZEN&stad=BRUGGE', 'word-partner');
    assert.equal(await page.locator(testid('join-stakeholderType')).inputValue(), 'CITIZEN');
    assert.equal(await page.locator(testid('join-homeCity')).inputValue(), 'BRUGGE');
    await done();

    // The public now reads the results and the domain's provenance.
    const anyone = await openPage({ bypassCSP: true });
    await visit(anyone.page, `#/domeinen/${domains[0].slug}`, 'domeinen');
    assert.match(await anyone.page.locator(testid('scores-source')).textContent(), new RegExp(`Bevraging ${RUN}`));
    await anyone.page.click(testid('scores-source-link'));
    await rendered(anyone.page, 'bevraging');
    assert.ok((await anyone.page.locator('figure.chart').count()) >= 4, 'the charts are public now');
    assert.equal(await anyone.page.locator(testid('survey-unconfirmed')).count(), 0, 'the unconfirmed count is the team’s');
    assert.equal(await anyone.page.locator(testid('survey-breakdown-hidden')).count(), 1, 'two respondents are too few for a breakdown');
    assert.deepEqual(await violations(anyone.page), [], 'the public results pass axe');
    await anyone.done();
  });

  test('the demo survey’s published results show on a phone', async () => {
    const { page, done } = await openPage({ bypassCSP: true, ...PHONE });
    await visit(page, '#/bevragingen', 'bevragingen');
    await page.click(`${testid('survey-list')} a[href="#/bevraging/marktbevraging-2023"]`);
    await rendered(page, 'bevraging');
    await page.click(testid('survey-results-link'));
    await rendered(page, 'bevraging');
    const total = Number(await page.locator(testid('survey-respondent-count')).getAttribute('data-total'));
    assert.ok(total >= 200, `the demo survey has a few hundred answers (${total})`);
    assert.ok((await page.locator(testid('chart-respondents-type')).count()) === 1, 'enough answers of each type for the breakdown');
    assert.ok((await page.locator(testid('survey-suggestion')).count()) >= 5, 'a suggestion for each value domain');
    assert.ok(await fitsWidth(page), 'the results fit the phone’s width');
    assert.deepEqual(await violations(page), [], 'the demo results pass axe');
    await done();
  });
});
