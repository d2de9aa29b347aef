// The team's pages for success stories, value domains, datasets and partners (`#/team/verhalen`,
// `#/team/domeinen`, `#/team/datasets`, `#/team/partners`), each walked by the role that does the job, with
// its result checked in the API and the new pages checked by axe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BRUGGE, GENT, TEAM, graphql, openPage, rendered, signInTo, testid, violations, visit } from './support/browser.mjs';

/** Makes this run's records unique on the shared server. */
const RUN = Date.now().toString(36);

/** The test id of the element that has the focus. */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** Whether the page is wider than the screen (something sticks out sideways). */
const overflowsSideways = (page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

/** A new approved partner, made through the API; its id and name. */
async function approvedPartner(name) {
  const { createPartner } = await graphql('mutation($name: String!) { createPartner(input: { name: $name, stakeholderType: COMPANY, homeCity: GENT }) { partner { id } } }', { name });
  await graphql('mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }', { id: createPartner.partner.id });
  return { id: createPartner.partner.id, name };
}

describe('the team manages stories, value domains, datasets and partners', () => {
  test('an admin creates a value domain with its themes and scores, and selects it', async () => {
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, TEAM, '#/team/domeinen/nieuw', 'team');
    await page.waitForSelector(testid('domain-form'));
    assert.deepEqual(await violations(page), [], 'the new domain form passes axe');
    const name = `Warmtenetten ${RUN}`;
    await page.fill(testid('domain-name'), name);
    await page.fill(testid('domain-description'), '## Waarom\n\nWarmte **delen** tussen buren.');
    await page.check(testid('domain-themes-ENER'));
    await page.check(testid('domain-themes-ENVI'));
    await page.fill(testid('domain-economicValue'), '5');
    await page.fill(testid('domain-societalValue'), '4');
    await page.fill(testid('domain-dataReadiness'), '2');
    await page.click(testid('domain-save'));
    await page.waitForSelector(testid('domain-result'));
    assert.equal(await focused(page), 'domain-result', 'the focus is on what happened');

    const { valueDomains } = await graphql('{ valueDomains(filter: { theme: ENER }, first: 100) { nodes { slug name description themes economicValue societalValue dataReadiness priorityScore status } } }');
    const made = valueDomains.nodes.find((d) => d.name === name);
    assert.ok(made, 'the domain is in the API');
    assert.deepEqual(
      { themes: made.themes, scores: [made.economicValue, made.societalValue, made.dataReadiness], status: made.status, description: made.description },
      { themes: ['ENER', 'ENVI'], scores: [5, 4, 2], status: 'CANDIDATE', description: '## Waarom\n\nWarmte **delen** tussen buren.' },
    );
    assert.equal(new URL(page.url()).hash, `#/team/domeinen/${made.slug}`, 'the page is now the domain’s own');
    assert.equal(await page.inputValue(testid('domain-economicValue')), '5', 'its form shows what was saved');

    await page.click(testid('domain-move-SELECTED'));
    await page.waitForSelector(`${testid('domain-result')} >> text=gekozen`);
    const after = await graphql('query($slug: String!) { valueDomain(slug: $slug) { status nextStatuses } }', { slug: made.slug });
    assert.equal(after.valueDomain.status, 'SELECTED');
    assert.deepEqual(
      await page.locator(`${testid('domain-standing')} button`).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid'))),
      after.valueDomain.nextStatuses.map((s) => `domain-move-${s}`),
      'the moves offered are the ones the API allows now',
    );
    assert.deepEqual(await violations(page), [], 'the domain page passes axe');

    await visit(page, '#/team/domeinen', 'team');
    assert.ok(await page.locator(testid('domain-rows')).getByRole('link', { name }).isVisible(), 'the list shows the new domain');
    assert.deepEqual(await violations(page), [], 'the list of domains passes axe');
    await done();
  });

  test('a Ghent coordinator writes a story of a Ghent case on a phone, previews its Markdown, and publishes it', async () => {
    const { valueDomains, datasets } = await graphql('{ valueDomains(first: 1) { nodes { id } } datasets(first: 1, orderBy: { field: TITLE, direction: ASC }) { nodes { id title } } }');
    const caseTitle = `Schoolstraten ${RUN}`;
    const { createPilotCase } = await graphql('mutation($title: String!, $domain: ID!) { createPilotCase(input: { title: $title, valueDomainId: $domain, cities: [GENT] }) { pilotCase { id } } }', {
      title: caseTitle,
      domain: valueDomains.nodes[0].id,
    });
    const partner = await approvedPartner(`Fietslabo ${RUN}`);
    const dataset = datasets.nodes[0];

    const { page, done } = await openPage({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signInTo(page, GENT, '#/team/verhalen/nieuw', 'team');
    await page.waitForSelector(testid('story-form'));
    assert.equal(await page.inputValue(testid('story-city')), 'GENT', 'a coordinator of one city starts with that city');
    const title = `De schoolstraat werkt ${RUN}`;
    await page.fill(testid('story-title'), title);
    await page.fill(testid('story-summary'), 'Minder auto’s aan de schoolpoort.');
    await page.fill(testid('story-body'), '## Resultaat\n\nDe kinderen fietsen **vet** veel meer.');
    await page.click(testid('story-body-preview-toggle'));
    const preview = page.locator(testid('story-body-preview'));
    await preview.locator('h2', { hasText: 'Resultaat' }).waitFor();
    assert.equal(await preview.locator('strong').textContent(), 'vet', 'the preview shows the Markdown rendered');
    assert.ok(!(await preview.textContent()).includes('##'), 'no raw Markdown in the preview');
    await page.selectOption(testid('story-pilotCaseId'), createPilotCase.pilotCase.id);
    await page.click(testid('story-impactFigures-add'));
    await page.fill(`${testid('story-impactFigures-label')} >> nth=0`, 'Fietsers aan de poort');
    await page.fill(`${testid('story-impactFigures-value')} >> nth=0`, '+40%');
    const partners = page.locator(testid('story-partnerIds'));
    if (await partners.locator(testid('story-partnerIds-filter')).isVisible()) await partners.locator(testid('story-partnerIds-filter')).fill(partner.name);
    await partners.getByLabel(partner.name, { exact: true }).check();
    await page.locator(testid('story-datasetIds')).getByLabel(dataset.title, { exact: false }).first().check();
    assert.equal(await overflowsSideways(page), false, 'the form fits a phone’s width');
    await page.click(testid('story-save'));
    await page.waitForSelector(testid('story-result'));
    assert.equal(await focused(page), 'story-result', 'the focus is on what happened');

    const slug = new URL(page.url()).hash.replace('#/team/verhalen/', '');
    const read = 'query($slug: String!) { successStory(slug: $slug) { title status city body bodyHtml pilotCase { id } partners { id } datasets { id } impactFigures { label value } } }';
    const saved = (await graphql(read, { slug })).successStory;
    assert.deepEqual(
      { title: saved.title, status: saved.status, city: saved.city, case: saved.pilotCase?.id, partners: saved.partners.map((p) => p.id), datasets: saved.datasets.map((d) => d.id), figures: saved.impactFigures },
      { title, status: 'DRAFT', city: 'GENT', case: createPilotCase.pilotCase.id, partners: [partner.id], datasets: [dataset.id], figures: [{ label: 'Fietsers aan de poort', value: '+40%' }] },
    );
    assert.equal(saved.body, '## Resultaat\n\nDe kinderen fietsen **vet** veel meer.');
    assert.deepEqual(await violations(page), [], 'the story page passes axe');

    await page.click(testid('story-move-IN_REVIEW'));
    await page.waitForSelector(`${testid('story-result')} >> text=ingediend`);
    assert.equal((await graphql(read, { slug })).successStory.status, 'IN_REVIEW');
    assert.ok(await page.locator(testid('story-move-DRAFT')).isVisible(), 'a story in review may go back to draft');
    await page.click(testid('story-move-PUBLISHED'));
    await page.waitForSelector(`${testid('story-result')} >> text=gepubliceerd`);
    assert.equal(await focused(page), 'story-result');
    assert.equal((await graphql(read, { slug })).successStory.status, 'PUBLISHED', 'the story is published in the API');
    assert.equal(await overflowsSideways(page), false, 'the story page fits a phone’s width');

    await page.click(testid('story-public-link'));
    await rendered(page, 'verhalen');
    const body = page.locator(testid('story-body'));
    assert.equal(await body.locator('h2').textContent(), 'Resultaat', 'the public page shows the heading rendered');
    assert.equal(await body.locator('strong').textContent(), 'vet');
    assert.ok(!(await body.textContent()).includes('##'), 'no raw Markdown on the public page');

    await visit(page, '#/team/verhalen?status=PUBLISHED', 'team');
    assert.ok(await page.locator(testid('story-rows')).getByRole('link', { name: title }).isVisible(), 'the list shows the story under its status');
    assert.deepEqual(await violations(page), [], 'the list of stories passes axe');
    await done();
  });

  test('a Bruges coordinator reads a Ghent story but is offered no way to change it', async () => {
    const { createSuccessStory } = await graphql('mutation($title: String!) { createSuccessStory(input: { title: $title, city: GENT }) { successStory { slug } } }', { title: `Gents verhaal ${RUN}` });
    const { page, done } = await openPage();
    await signInTo(page, BRUGGE, `#/team/verhalen/${createSuccessStory.successStory.slug}`, 'team');
    assert.ok(await page.locator(testid('story-not-yours')).isVisible());
    assert.equal(await page.locator(testid('story-form')).count(), 0, 'no form');
    assert.equal(await page.locator(`${testid('story-review')} button`).count(), 0, 'no status moves');
    await visit(page, '#/team/verhalen', 'team');
    assert.equal(await page.locator(testid('story-rows')).getByRole('link', { name: `Gents verhaal ${RUN}` }).count(), 0, 'the list holds the stories the account manages');
    await done();
  });

  test('a coordinator adds a dataset to the catalogue', async () => {
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, GENT, '#/team/datasets/nieuw', 'team');
    const title = `Schoolstraten in Gent ${RUN}`;
    await page.fill(testid('dataset-title'), title);
    await page.fill(testid('dataset-publisher'), 'Stad Gent');
    await page.fill(testid('dataset-url'), 'https://data.stad.gent/explore/dataset/schoolstraten');
    await page.fill(testid('dataset-licence'), 'CC0-1.0');
    await page.click(testid('dataset-save'));
    const error = page.locator(`${testid('dataset-status')} ${testid('error-message')}`);
    await error.waitFor();
    assert.equal(await error.getAttribute('data-field'), 'theme', 'a theme left out is asked for at its field');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dataset-theme');
    await page.selectOption(testid('dataset-theme'), 'TRAN');
    await page.click(testid('dataset-save'));
    await page.waitForSelector(testid('dataset-result'));
    const slug = new URL(page.url()).hash.replace('#/team/datasets/', '');
    const { dataset } = await graphql('query($slug: String!) { dataset(slug: $slug) { title publisher url licence theme } }', { slug });
    assert.deepEqual(dataset, { title, publisher: 'Stad Gent', url: 'https://data.stad.gent/explore/dataset/schoolstraten', licence: 'CC0-1.0', theme: 'TRAN' });
    assert.deepEqual(await violations(page), [], 'the dataset page passes axe');
    await visit(page, '#/team/datasets', 'team');
    assert.ok(await page.locator(testid('dataset-rows')).getByRole('link', { name: title }).isVisible());
    assert.deepEqual(await violations(page), [], 'the list of datasets passes axe');
    await done();
  });

  test('an admin opens a pending partner, sees its contact, approves it; and erases another after a confirmation', async () => {
    const email = `contact.${RUN}@buurtwerk.example.org`;
    const name = `Buurtwerk ${RUN}`;
    const { createPartner } = await graphql(
      'mutation($name: String!, $email: String!) { createPartner(input: { name: $name, stakeholderType: CIVIC_ORGANISATION, homeCity: GENT, contact: { name: "Sara Peeters", email: $email, phone: "+32 9 123 45 67" } }) { partner { id slug status } } }',
      { name, email },
    );
    assert.equal(createPartner.partner.status, 'PENDING');
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, TEAM, '#/team/partners', 'team');
    const statuses = await page.locator(`${testid('partner-rows-row')} ${testid('partner-status')}`).allTextContents();
    const firstOther = statuses.findIndex((s) => s !== 'Wacht op goedkeuring');
    assert.ok(firstOther > 0 && statuses.slice(firstOther).every((s) => s !== 'Wacht op goedkeuring'), 'partners waiting for approval come first');
    assert.deepEqual(await violations(page), [], 'the list of partners passes axe');

    await page.locator(testid('partner-rows')).getByRole('link', { name }).click();
    await rendered(page, 'team');
    const contact = page.locator(testid('partner-contact-facts'));
    await contact.waitFor();
    assert.match(await contact.textContent(), /Sara Peeters/);
    assert.match(await contact.textContent(), new RegExp(email.replace(/\./g, '\\.')));
    assert.equal(await page.inputValue(testid('partner-contact-email')), email, 'the form holds the contact too');
    assert.deepEqual(await violations(page), [], 'the partner page passes axe');

    await page.click(testid('partner-move-APPROVED'));
    await page.waitForSelector(`${testid('partner-result')} >> text=goedgekeurd`);
    assert.equal(await focused(page), 'partner-result');
    const { partner } = await graphql('query($id: ID!) { partner(id: $id) { status } }', { id: createPartner.partner.id });
    assert.equal(partner.status, 'APPROVED', 'approved in the API');
    // The public profile never shows the contact.
    await visit(page, `#/partners/${createPartner.partner.slug}`, 'partners');
    const publicText = await page.locator('main').textContent();
    assert.ok(publicText.includes(name) && !publicText.includes(email) && !publicText.includes('Sara Peeters'), 'no contact on the public page');

    const other = await approvedPartner(`Wisbaar ${RUN}`);
    const { partner: toErase } = await graphql('query($id: ID!) { partner(id: $id) { slug } }', { id: other.id });
    await visit(page, `#/team/partners/${toErase.slug}`, 'team');
    await page.click(testid('partner-erase'));
    const panel = page.locator(testid('partner-erase-panel'));
    assert.equal(await focused(page), 'partner-erase-panel');
    assert.match(await panel.textContent(), /contactpersoon.*accounts.*anoniem.*succesverhalen/s, 'the confirmation says what is erased');
    assert.deepEqual(await violations(page), [], 'the confirmation passes axe');
    await page.click(testid('partner-erase-confirm'));
    await page.waitForSelector(testid('partner-erased'));
    assert.equal(await focused(page), 'partner-result');
    const erased = await graphql('query($id: ID!) { partner(id: $id) { erasedAt status nextStatuses contact { name } } }', { id: other.id });
    assert.ok(erased.partner.erasedAt, 'erased in the API');
    assert.deepEqual([erased.partner.status, erased.partner.nextStatuses, erased.partner.contact], ['ARCHIVED', [], null]);
    assert.equal(await page.locator(testid('partner-form')).count(), 0, 'an erased profile is not edited');
    await done();
  });
});
