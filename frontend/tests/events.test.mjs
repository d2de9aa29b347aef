// Events as the public and a partner meet them: the seat count that follows sign-ups while the page is
// open, signing up before the long text on a phone, the door code as a QR code with the partner's own
// calendar file, and the events list filtered by value domain and pilot case with its feed to subscribe to.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PARTNER, graphql, graphqlAs, openPage, rendered, signInTo, testid, tokenOf, violations, visit } from './support/browser.mjs';

/** Creates and publishes a Ghent event a week from now with a long description; returns its id and slug. */
async function publishedEvent(title, capacity) {
  const starts = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const ends = new Date(starts.getTime() + 2 * 3600 * 1000);
  const description = Array.from({ length: 12 }, (_, i) => `Alinea ${i + 1}: wat we samen met open data doen, en waarom het ertoe doet voor de stad.`).join('\n\n');
  const { createEvent } = await graphql(
    'mutation($input: CreateCoCreationEventInput!) { createEvent(input: $input) { event { id slug } } }',
    { input: { title, description, format: 'WORKSHOP', startsAt: starts.toISOString(), endsAt: ends.toISOString(), cities: ['GENT'], venue: 'De Krook', capacity } },
  );
  await graphql('mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }', { id: createEvent.event.id });
  return createEvent.event;
}

/** Approved partners other than the demo partner's own organisation. */
async function otherPartners(token) {
  const { me } = await graphqlAs(token, '{ me { partner { id } } }');
  const { partners } = await graphql('{ partners(filter: { status: [APPROVED] }, first: 20) { nodes { id } } }');
  return partners.nodes.map((p) => p.id).filter((id) => id !== me.partner.id);
}

describe('an event', () => {
  test("its page's free seats follow sign-ups made elsewhere, and on a phone signing up comes before the long text", async () => {
    const event = await publishedEvent('Seats die meebewegen', 3);
    const { page, done } = await openPage({ viewport: { width: 375, height: 740 } });
    await visit(page, `#/events/${event.slug}`, 'events');
    const seats = page.locator(testid('event-seats'));
    assert.match(await seats.textContent(), /3/);

    // Two sign-ups through the API, as other partners make them: the page follows without a reload.
    const partner = await tokenOf(PARTNER);
    const [first, second] = await otherPartners(partner);
    for (const id of [first, second]) {
      await graphql('mutation($e: ID!, $p: ID!) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id } } }', { e: event.id, p: id });
    }
    await page.waitForFunction(() => /\b1\b/.test(document.querySelector('[data-testid="event-seats"]')?.textContent || ''));
    assert.ok(!(await seats.getAttribute('class')).includes('seats-full'));

    const registration = await page.locator(testid('event-registration')).boundingBox();
    const description = await page.locator(testid('event-description')).boundingBox();
    assert.ok(registration && description && registration.y < description.y, 'signing up is above the description');
    await done();
  });

  test('a partner who signs up gets the door code as a QR code and a calendar file that holds it', async () => {
    const event = await publishedEvent('Deurcode in je agenda', 10);
    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, PARTNER, `#/events/${event.slug}`, 'events');
    // The event takes two people per partner: both are named.
    assert.equal(await page.locator(`${testid('register-form')} input`).count(), 2);
    await page.fill(testid('register-person1'), 'Femke Lucht');
    await page.fill(testid('register-person2'), 'Ilias Meter');
    await page.click(testid('register'));
    const outcome = page.locator(testid('registration-outcome'));
    await outcome.waitFor();
    const { me } = await graphqlAs(await tokenOf(PARTNER), '{ me { partner { registrations { id code people { name } event { id } } } } }');
    const mine = me.partner.registrations.find((r) => r.event.id === event.id);
    assert.ok((await outcome.textContent()).includes(mine.code));
    assert.deepEqual(mine.people.map((p) => p.name), ['Femke Lucht', 'Ilias Meter'], 'the names are stored with the registration');
    assert.match(await page.locator(testid('registration-people')).textContent(), /Femke Lucht, Ilias Meter/);
    const { event: seats } = await graphql('query($id: ID!) { event(id: $id) { seatsTaken } }', { id: event.id });
    assert.equal(seats.seatsTaken, 2, 'two seats for two people');
    const qr = page.locator(testid('registration-qr'));
    assert.equal(await qr.getAttribute('role'), 'img');
    assert.ok((await qr.getAttribute('aria-label')).includes(mine.code), 'the QR code says what it holds');
    assert.ok((await qr.locator('path').getAttribute('d')).length > 100, 'it has modules');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click(testid('registration-ics'))]);
    const calendar = readFileSync(await download.path(), 'utf8').replace(/\r\n[ \t]/g, '');
    assert.match(calendar, /BEGIN:VEVENT/);
    assert.ok(calendar.includes(`door code: ${mine.code}`), 'the file holds the door code');
    assert.deepEqual(await violations(page), []);

    // Mijn LODE shows the same with the registration.
    await page.click(testid('account-link'));
    await rendered(page, 'mijn');
    const item = page.locator(testid('registration-item')).filter({ hasText: 'Deurcode in je agenda' });
    assert.ok((await item.locator(testid('registration-qr')).getAttribute('aria-label')).includes(mine.code));
    await item.locator(testid('registration-ics')).waitFor();

    await graphqlAs(await tokenOf(PARTNER), 'mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { id } } }', { id: mine.id });
    await done();
  });
});

describe('the events list', () => {
  test('filters by value domain and pilot case, keeps them in the address, and offers their feed to subscribe to', async () => {
    const now = new Date().toISOString();
    const { events } = await graphql(
      'query($now: DateTime!) { events(filter: { status: [PUBLISHED, CANCELLED], startsFrom: $now }, first: 100) { nodes { pilotCase { id slug } valueDomain { id slug } } } }',
      { now },
      false,
    );
    const withCase = events.nodes.find((e) => e.pilotCase && e.valueDomain);
    assert.ok(withCase, 'the demo data has a coming event of a case and a value domain');
    const { page, done } = await openPage({ bypassCSP: true });
    await visit(page, '#/events', 'events');

    await page.selectOption(testid('filter-case'), withCase.pilotCase.slug);
    await page.waitForURL((url) => url.hash.includes(`case=${withCase.pilotCase.slug}`));
    await rendered(page, 'events');
    await page.selectOption(testid('filter-domain'), withCase.valueDomain.slug);
    await page.waitForURL((url) => url.hash.includes(`domein=${withCase.valueDomain.slug}`));
    await rendered(page, 'events');
    assert.ok(page.url().includes(`case=${withCase.pilotCase.slug}`), 'the case filter stays');

    const { events: expected } = await graphql(
      'query($now: DateTime!, $c: ID!, $d: ID!) { events(filter: { status: [PUBLISHED, CANCELLED], startsFrom: $now, pilotCaseId: $c, valueDomainId: $d }) { totalCount } }',
      { now, c: withCase.pilotCase.id, d: withCase.valueDomain.id },
      false,
    );
    assert.ok(expected.totalCount > 0);
    assert.equal(await page.locator(testid('total-count')).getAttribute('data-total'), String(expected.totalCount));
    assert.ok((await page.locator(testid('event-item')).count()) > 0);

    const subscribe = await page.locator(testid('events-feed')).getAttribute('href');
    assert.ok(subscribe.startsWith('webcal://'), subscribe);
    const download = await page.locator(testid('events-feed-download')).getAttribute('href');
    assert.equal(new URL(subscribe.replace(/^webcal:/, 'http:')).search, new URL(download, 'http://x').search, 'both are the same feed');
    const params = new URL(download, 'http://x').searchParams;
    assert.equal(params.get('pilotCase'), withCase.pilotCase.slug);
    assert.equal(params.get('valueDomain'), withCase.valueDomain.slug);
    assert.deepEqual(await violations(page), []);
    await done();
  });
});
