// The team's pilot cases in a browser: a coordinator makes a case with its capabilities and weights, moves
// it along its lifecycle and manages its members; two people editing one case (the capabilities compared in
// words, a phase move after taking theirs); leaving unsaved changes; a case of another city; a validation
// error at its field; accessibility and a phone-sized screen. Every result is checked in the API too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BRUGGE, GENT, graphql, graphqlAs, openPage, post, rendered, signInTo, testid, tokenOf, violations, visit } from './support/browser.mjs';

/** A title no other test file uses. */
const unique = (what) => `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const CASE_FIELDS = `id slug title summary description phase cities goals startDate endDate updatedAt
  valueDomain { id } neededCapabilities { name weight } wantedStakeholderTypes datasets { id }
  members { id role status createdAt partner { id name } }`;

/** A case made through the API as the admin, in `cities`. */
async function caseIn(cities, title = unique('Case')) {
  const { valueDomains } = await graphql('{ valueDomains(first: 1) { nodes { id } } }');
  const created = await graphql(
    `mutation($input: CreatePilotCaseInput!) { createPilotCase(input: $input) { pilotCase { ${CASE_FIELDS} } } }`,
    { input: { title, summary: 'Zoals aangemaakt', valueDomainId: valueDomains.nodes[0].id, cities } },
  );
  return created.createPilotCase.pilotCase;
}

/** A case as the API holds it now. */
async function caseNow(slug) {
  return (await graphql(`query($slug: String!) { pilotCase(slug: $slug) { ${CASE_FIELDS} } }`, { slug })).pilotCase;
}

/** Answers the next dialog (accepting or dismissing it) and resolves with its message. */
function answerDialog(page, accept) {
  return new Promise((resolve) => {
    page.once('dialog', async (dialog) => {
      const message = dialog.message();
      assert.equal(dialog.type(), 'confirm');
      if (accept) await dialog.accept();
      else await dialog.dismiss();
      resolve(message);
    });
  });
}

describe('the team\'s pilot cases', () => {
  test('the Ghent coordinator creates a case with weighted capabilities, manages its members and moves it along its lifecycle', async () => {
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, GENT, '#/team/cases', 'team');
    await page.locator(testid('team-case-list')).or(page.locator(testid('team-case-list-empty'))).first().waitFor();
    assert.deepEqual(await violations(page), [], 'the list has no accessibility violations');

    await page.click(testid('team-case-new'));
    await page.locator(testid('case-form')).waitFor();
    assert.deepEqual(await violations(page), [], 'the new case\'s form has no accessibility violations');
    assert.equal(await page.isChecked(testid('case-cities-GENT')), true, 'a coordinator\'s case starts in their city');
    assert.ok((await page.locator('#case-neededCapabilities-names option').count()) > 0, 'capability names are suggested');

    const title = unique('Schoolstraten meten');
    await page.fill(testid('case-title'), title);
    await page.fill(testid('case-summary'), 'Luchtkwaliteit rond scholen, samen gemeten.');
    await page.fill(testid('case-description'), '## De vraag\n\nHoe **gezond** is de schoolomgeving?');
    await page.fill(testid('case-goals'), 'Sensoren plaatsen\nResultaten delen');
    await page.fill(testid('case-startDate'), '2027-02-01');
    await page.fill(testid('case-endDate'), '2027-11-30');
    await page.click(testid('capability-add'));
    await page.locator(testid('capability-name')).nth(0).fill('Luchtsensoren');
    await page.locator(testid('capability-weight')).nth(0).selectOption('5');
    await page.click(testid('capability-add'));
    await page.locator(testid('capability-name')).nth(1).fill('Datavisualisatie');
    await page.locator(testid('capability-weight')).nth(1).selectOption('2');
    await page.click(testid('capability-add'));
    await page.locator(testid('capability-name')).nth(2).fill('Wordt weggehaald');
    await page.locator(testid('capability-remove')).nth(2).click();
    assert.equal(await page.locator(testid('capability-row')).count(), 2, 'a row is removed');
    await page.check(testid('case-wantedStakeholderTypes-EDUCATION_RESEARCH'));
    await page.check(testid('case-wantedStakeholderTypes-CITIZEN'));
    const dataset = await page.locator(testid('case-dataset')).first().getAttribute('value');
    await page.locator(testid('case-dataset')).first().check();
    const domain = await page.locator(testid('case-valueDomainId')).inputValue();
    await page.click(testid('case-save'));

    // The new case's own form opens and says it was made.
    await page.locator(testid('case-flash')).waitFor();
    assert.match(await page.locator(testid('case-flash')).textContent(), /aangemaakt/);
    const slug = decodeURIComponent(new URL(page.url()).hash.split('/').pop());
    const made = await caseNow(slug);
    assert.equal(made.title, title);
    assert.deepEqual(made.neededCapabilities, [
      { name: 'Luchtsensoren', weight: 5 },
      { name: 'Datavisualisatie', weight: 2 },
    ]);
    assert.deepEqual(made.cities, ['GENT']);
    assert.deepEqual(made.goals, ['Sensoren plaatsen', 'Resultaten delen']);
    assert.deepEqual([made.startDate, made.endDate], ['2027-02-01', '2027-11-30']);
    assert.deepEqual([...made.wantedStakeholderTypes].sort(), ['CITIZEN', 'EDUCATION_RESEARCH']);
    assert.deepEqual(made.datasets.map((d) => d.id), [dataset]);
    assert.equal(made.valueDomain.id, domain);
    assert.equal(made.phase, 'PROPOSED');
    assert.equal(await page.locator(testid('capability-row')).count(), 2, 'the form shows the saved capabilities');
    assert.deepEqual(await violations(page), [], 'the edit form has no accessibility violations');

    // Members: the team must choose a role; an invitation shows as open (who, which role, since when), its
    // role changes, and it is withdrawn (asked first).
    const { partners } = await graphql('{ partners(filter: { status: [APPROVED] }, orderBy: { field: NAME, direction: ASC }, first: 1) { nodes { id name } } }');
    const partner = partners.nodes[0];
    await page.selectOption(testid('invite-partner'), { label: partner.name });
    assert.equal(await page.inputValue(testid('invite-role')), '', 'no role is chosen for the team');
    await page.click(testid('invite-submit'));
    const noRole = page.locator(`${testid('case-members-status')} ${testid('error-message')}`);
    await noRole.waitFor();
    assert.match(await noRole.textContent(), /rol/);
    assert.equal(await page.getAttribute(testid('invite-role'), 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'invite-role', 'the role gets the focus');
    assert.deepEqual((await caseNow(slug)).members, [], 'nothing was sent');
    await page.selectOption(testid('invite-role'), 'DATA_PROVIDER');
    await page.click(testid('invite-submit'));
    await page.locator(testid('case-members-done'), { hasText: partner.name }).waitFor();
    let now = await caseNow(slug);
    assert.deepEqual(now.members.map((m) => [m.partner.id, m.role, m.status]), [[partner.id, 'DATA_PROVIDER', 'INVITED']]);
    const invitation = page.locator(`${testid('case-invitation')}[data-partner="${partner.name}"]`);
    assert.equal(await invitation.locator(testid('invitation-role')).textContent(), 'Dataleverancier');
    const brusselsTime = new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit' }).format(new Date(now.members[0].createdAt));
    const since = await invitation.locator(testid('invitation-since')).textContent();
    assert.match(since, /^uitgenodigd sinds /);
    assert.ok(since.includes(brusselsTime), `since when, in Brussels time (${brusselsTime}): ${since}`);
    assert.equal(await page.locator(testid('case-members-empty')).count(), 1, 'an open invitation is no member yet');
    assert.deepEqual(await violations(page), [], 'the members and invitations have no accessibility violations');
    await invitation.locator(testid('member-role')).selectOption('LEAD');
    await invitation.locator(testid('member-role-save')).click();
    await page.locator(testid('case-members-done'), { hasText: 'Trekker' }).waitFor();
    now = await caseNow(slug);
    assert.equal(now.members[0].role, 'LEAD');
    const kept = answerDialog(page, false);
    await invitation.locator(testid('invitation-withdraw')).click();
    assert.match(await kept, new RegExp(partner.name));
    assert.equal((await caseNow(slug)).members[0].status, 'INVITED', 'a "no" withdraws nothing');
    const withdrawn = answerDialog(page, true);
    await page.locator(`${testid('case-invitation')}[data-partner="${partner.name}"] ${testid('invitation-withdraw')}`).click();
    await withdrawn;
    await page.locator(testid('case-members-done'), { hasText: 'ingetrokken' }).waitFor();
    assert.equal((await caseNow(slug)).members[0].status, 'WITHDRAWN');
    await page.locator(testid('case-invitations-empty')).waitFor();

    // Invited again, the partner accepts: it is on the case, and the matching view counts it as already on the
    // team; the invite control there asks for a role too.
    await page.selectOption(testid('invite-partner'), { label: partner.name });
    await page.selectOption(testid('invite-role'), 'DEVELOPER');
    await page.click(testid('invite-submit'));
    await page.locator(`${testid('case-invitation')}[data-partner="${partner.name}"]`).waitFor();
    const member = (await caseNow(slug)).members[0];
    await graphql('mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: ACCEPTED }) { member { id } } }', { id: member.id });
    await visit(page, `#/cases/${slug}`, 'cases');
    await page.locator(testid('case-matching')).waitFor();
    const already = page.locator(`${testid('team-accepted-list')} ${testid('match-item')}`);
    assert.deepEqual(await already.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-partner'))), [partner.id], 'the accepted member is already on the team');
    assert.match(await already.textContent(), /Doet mee/);
    assert.equal(await page.locator(`${testid('team-list')} [data-partner="${partner.id}"]`).count(), 0, 'and is not suggested again');
    assert.match(await page.locator(testid('team-coverage')).textContent(), /al in de ploeg/);
    const candidate = page.locator(`${testid('match-list')} ${testid('match-item')}`).filter({ has: page.locator(testid('invite')) }).first();
    await candidate.locator(testid('invite')).click();
    await candidate.locator(testid('invite-role-missing'), { hasText: 'Kies eerst een rol' }).waitFor();
    assert.equal(await candidate.locator(testid('invite-role')).getAttribute('aria-invalid'), 'true');
    assert.equal((await caseNow(slug)).members.length, 1, 'nobody was invited without a role');
    assert.deepEqual(await violations(page), [], 'the matching view has no accessibility violations');

    await visit(page, '#/team/cases', 'team');
    await page.locator(testid('team-case-list')).waitFor();
    await visit(page, `#/team/cases/${slug}`, 'team');
    const row = page.locator(`${testid('case-member')}[data-partner="${partner.name}"]`);
    assert.match(await row.textContent(), /Doet mee/);
    const asked = answerDialog(page, true);
    await row.locator(testid('member-remove')).click();
    assert.match(await asked, new RegExp(partner.name));
    await page.locator(testid('case-members-done'), { hasText: 'van de case gehaald' }).waitFor();
    assert.deepEqual((await caseNow(slug)).members, [], 'the partner is off the case');

    // Only the moves the lifecycle allows are offered; a move is asked first, and a "no" moves nothing.
    const offered = async () => (await page.locator(`${testid('case-phase')} button`).evaluateAll((buttons) => buttons.map((b) => b.dataset.testid)));
    assert.deepEqual(await offered(), ['phase-move-PREPARING', 'phase-move-STOPPED']);
    const declined = answerDialog(page, false);
    await page.click(testid('phase-move-PREPARING'));
    assert.match(await declined, /In voorbereiding/);
    assert.equal((await caseNow(slug)).phase, 'PROPOSED', 'a declined question moves nothing');
    const moves = [
      ['PREPARING', 'In voorbereiding', ['phase-move-RUNNING', 'phase-move-STOPPED']],
      ['RUNNING', 'Loopt', ['phase-move-EVALUATING', 'phase-move-STOPPED']],
      ['EVALUATING', 'In evaluatie', ['phase-move-COMPLETED', 'phase-move-RUNNING', 'phase-move-STOPPED']],
      ['COMPLETED', 'Afgerond', []],
    ];
    for (const [phase, phaseLabel, next] of moves) {
      const question = answerDialog(page, true);
      await page.click(testid(`phase-move-${phase}`));
      assert.match(await question, new RegExp(phaseLabel));
      await page.locator(testid('case-phase-now'), { hasText: phaseLabel }).waitFor();
      assert.match(await page.locator(testid('case-flash')).textContent(), new RegExp(phaseLabel), 'the move is said');
      assert.equal((await caseNow(slug)).phase, phase);
      assert.deepEqual(await offered(), next, `the moves from ${phase}`);
    }
    assert.ok(await page.locator(testid('case-phase-final')).isVisible(), 'a completed case moves nowhere');
    assert.ok(await page.locator(testid('invite-closed')).isVisible(), 'nobody joins a completed case');

    // The case is in the list, under its phase.
    await visit(page, '#/team/cases?fase=COMPLETED', 'team');
    await page.locator(`${testid('team-case-item')} a`, { hasText: title }).waitFor();
    await done();
  });

  test('two people edit one case: the second gets the conflict, keeps their text and saves it', async () => {
    const made = await caseIn(['GENT']);
    const first = await openPage();
    const second = await openPage();
    const form = `#/team/cases/${made.slug}`;
    for (const { page } of [first, second]) {
      await signInTo(page, GENT, form, 'team');
      await page.locator(testid('case-form')).waitFor();
    }
    await first.page.fill(testid('case-summary'), 'De eerste versie');
    await first.page.click(testid('case-save'));
    await first.page.locator(testid('case-saved')).waitFor();
    assert.equal((await caseNow(made.slug)).summary, 'De eerste versie');

    const mine = 'De tweede versie, met meer uitleg';
    await second.page.fill(testid('case-summary'), mine);
    await second.page.click(testid('case-save'));
    const conflict = second.page.locator(testid('case-conflict'));
    await conflict.waitFor();
    const rows = conflict.locator(testid('conflict-row'));
    assert.deepEqual(await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-field'))), ['summary'], 'only the changed field is shown');
    assert.equal(await rows.locator(testid('conflict-theirs')).textContent(), 'De eerste versie');
    assert.equal(await rows.locator(testid('conflict-mine')).textContent(), mine);
    assert.equal(await second.page.inputValue(testid('case-summary')), mine, 'their own text stays in the form');
    assert.equal((await caseNow(made.slug)).summary, 'De eerste versie', 'nothing was overwritten');

    await second.page.click(testid('case-keep-mine'));
    await second.page.locator(testid('case-saved')).waitFor();
    assert.equal((await caseNow(made.slug)).summary, mine, '"keep mine" saved it');
    await first.done();
    await second.done();
  });

  test('a conflict shows the capabilities in words; after taking theirs, a phase move goes through', async () => {
    const made = await caseIn(['GENT']);
    const { page, done } = await openPage();
    await signInTo(page, GENT, `#/team/cases/${made.slug}`, 'team');
    await page.locator(testid('case-form')).waitFor();
    // Someone else sets the capabilities meanwhile.
    await graphqlAs(
      await tokenOf(GENT),
      'mutation($input: UpdatePilotCaseInput!) { updatePilotCase(input: $input) { pilotCase { id } } }',
      { input: { id: made.id, neededCapabilities: [{ name: 'Sensordata', weight: 4 }] } },
    );
    await page.click(testid('capability-add'));
    await page.locator(testid('capability-name')).fill('Mobiliteit');
    await page.click(testid('case-save'));
    const row = page.locator(`${testid('case-conflict')} tr[data-field="neededCapabilities"]`);
    await row.waitFor();
    assert.equal(await row.locator(testid('conflict-theirs')).textContent(), 'Sensordata (gewicht 4 van 5)');
    assert.equal(await row.locator(testid('conflict-mine')).textContent(), 'Mobiliteit (gewicht 3 van 5)');
    await page.click(testid('case-take-theirs'));
    assert.equal(await page.locator(testid('capability-name')).inputValue(), 'Sensordata');
    // The move sends back the version taken from the conflict, not the one first read.
    const question = answerDialog(page, true);
    await page.click(testid('phase-move-PREPARING'));
    await question;
    await page.locator(testid('case-phase-now'), { hasText: 'In voorbereiding' }).waitFor();
    const now = await caseNow(made.slug);
    assert.equal(now.phase, 'PREPARING');
    assert.deepEqual(now.neededCapabilities, [{ name: 'Sensordata', weight: 4 }]);
    await done();
  });

  test('leaving a form with unsaved changes asks first', async () => {
    const made = await caseIn(['GENT']);
    const { page, done } = await openPage();
    await signInTo(page, GENT, `#/team/cases/${made.slug}`, 'team');
    await page.locator(testid('case-form')).waitFor();
    await page.fill(testid('case-title'), `${made.title} (gewijzigd)`);
    assert.ok(await page.locator(testid('case-dirty')).isVisible(), 'the form says it holds unsaved changes');

    const stay = answerDialog(page, false);
    await page.click('.breadcrumbs a[href="#/team/cases"]');
    assert.match(await stay, /niet bewaard/);
    assert.equal(await page.inputValue(testid('case-title')), `${made.title} (gewijzigd)`, 'staying keeps the changes');
    assert.match(page.url(), new RegExp(`#/team/cases/${made.slug}$`));

    const leave = answerDialog(page, true);
    await page.click('.breadcrumbs a[href="#/team/cases"]');
    await leave;
    await page.locator(testid('team-case-list')).waitFor();
    assert.equal((await caseNow(made.slug)).title, made.title, 'nothing was saved');
    await done();
  });

  test('the Ghent coordinator is refused a Bruges case, and a wrong field is shown where it is', async () => {
    const bruges = await caseIn(['BRUGGE']);
    const ghent = await caseIn(['GENT']);
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, GENT, `#/team/cases/${bruges.slug}`, 'team');
    await page.locator(testid('case-refused')).waitFor();
    assert.match(await page.locator(testid('case-refused')).textContent(), /Brugge/);
    assert.equal(await page.locator(testid('case-form')).count(), 0, 'no form is offered');
    assert.deepEqual(await violations(page), [], 'the refusal has no accessibility violations');
    const response = await post('mutation($input: UpdatePilotCaseInput!) { updatePilotCase(input: $input) { pilotCase { id } } }', { input: { id: bruges.id, summary: 'Toch gewijzigd' } }, await tokenOf(GENT));
    const body = await response.json();
    assert.equal(body.errors?.[0]?.extensions?.code, 'FORBIDDEN', 'the API refuses the change too');
    assert.equal((await caseNow(bruges.slug)).summary, 'Zoals aangemaakt');

    // The public page links to the form only for those who may change the case.
    await visit(page, `#/cases/${bruges.slug}`, 'cases');
    assert.equal(await page.locator(testid('case-edit-link')).count(), 0, 'no edit link on a case of another city');
    await visit(page, `#/cases/${ghent.slug}`, 'cases');
    await page.click(testid('case-edit-link'));
    await page.locator(testid('case-form')).waitFor();

    // An empty title: the API's validation error shows at the title, which gets the focus.
    await page.fill(testid('case-title'), '');
    await page.click(testid('case-save'));
    const error = page.locator(`${testid('case-status')} ${testid('error-message')}`);
    await error.waitFor();
    assert.equal(await error.getAttribute('data-field'), 'title');
    assert.equal(await page.getAttribute(testid('case-title'), 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), 'title');
    assert.equal((await caseNow(ghent.slug)).title, ghent.title, 'nothing was saved');
    await page.fill(testid('case-title'), ghent.title);
    await done();

    // Bruges' coordinator may change the Bruges case and is offered its moves.
    const other = await openPage();
    await signInTo(other.page, BRUGGE, `#/team/cases/${bruges.slug}`, 'team');
    await other.page.locator(testid('case-form')).waitFor();
    assert.ok(await other.page.locator(testid('phase-move-PREPARING')).isVisible());
    await other.done();
  });

  test('a phone-sized screen can edit and save a case', async () => {
    const made = await caseIn(['GENT']);
    const { page, done } = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signInTo(page, GENT, `#/team/cases/${made.slug}`, 'team');
    await page.locator(testid('case-form')).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page fits the screen (${overflow}px too wide)`);
    await page.fill(testid('case-summary'), 'Bewerkt op een telefoon');
    await page.locator(testid('capability-add')).tap();
    await page.locator(testid('capability-name')).fill('Mobiele metingen');
    await page.locator(testid('capability-weight')).selectOption('4');
    await page.locator(testid('case-save')).tap();
    await page.locator(testid('case-saved')).waitFor();
    const now = await caseNow(made.slug);
    assert.equal(now.summary, 'Bewerkt op een telefoon');
    assert.deepEqual(now.neededCapabilities, [{ name: 'Mobiele metingen', weight: 4 }]);
    await done();
  });
});
