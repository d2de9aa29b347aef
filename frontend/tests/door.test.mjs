// Registrations of several people at the door and on the team's registrations page: a code typed at the
// door shows its people to tick, only those ticked check in (the others later, shown then as in), and
// the arrivals count people; the registrations page, read again in place after a check-in at another
// door, keeps the focus on the control that held it (or, when that control is gone, on its registration),
// and a code typed there shows its people to tick as well.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GENT, graphql, openPage, signInTo, testid, violations } from './support/browser.mjs';

/** Something of this run's own, so that no other file's records get in the way. */
const RUN = Date.now().toString(36);

let partnersMade = 0;

/** A partner made and approved by the admin; returns its id. */
async function approvedPartner(name) {
  partnersMade += 1;
  const { createPartner } = await graphql('mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }', {
    input: { name, stakeholderType: 'COMPANY', homeCity: 'GENT', contact: { name: 'Noor Smet', email: `door-${RUN}-${partnersMade}@example.org` } },
  });
  await graphql('mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }', { id: createPartner.partner.id });
  return createPartner.partner.id;
}

/** A published event in Ghent next week, for up to three people a registration. */
async function publishedEvent(title) {
  const starts = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const ends = new Date(starts.getTime() + 2 * 3600 * 1000);
  const { createEvent } = await graphql('mutation($input: CreateCoCreationEventInput!) { createEvent(input: $input) { event { id slug } } }', {
    input: { title, format: 'WORKSHOP', startsAt: starts.toISOString(), endsAt: ends.toISOString(), cities: ['GENT'], venue: 'De Krook', capacity: 10, maxPeoplePerRegistration: 3 },
  });
  await graphql('mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }', { id: createEvent.event.id });
  return createEvent.event;
}

/** Signs a partner up with the people named; returns the registration's id and code. */
async function register(eventId, partnerId, people) {
  const { registerForEvent } = await graphql('mutation($e: ID!, $p: ID!, $people: [String!]) { registerForEvent(input: { eventId: $e, partnerId: $p, people: $people }) { registration { id code status } } }', {
    e: eventId,
    p: partnerId,
    people,
  });
  assert.equal(registerForEvent.registration.status, 'CONFIRMED');
  return registerForEvent.registration;
}

/** Moves an event so that it is under way today. */
async function startNow(eventId) {
  await graphql('mutation($id: ID!, $s: DateTime!, $e: DateTime!) { updateEvent(input: { id: $id, startsAt: $s, endsAt: $e }) { event { id } } }', {
    id: eventId,
    s: new Date(Date.now() - 30 * 60 * 1000).toISOString(),
    e: new Date(Date.now() + 2 * 3600 * 1000).toISOString(),
  });
}

/** The people of a registration, by name, with whether each has checked in. */
async function peopleOf(registrationId) {
  const { node } = await graphql('query($id: ID!) { node(id: $id) { ... on Registration { people { name checkedInAt } } } }', { id: registrationId });
  return Object.fromEntries(node.people.map((p) => [p.name, p.checkedInAt !== null]));
}

/** Checks a registration in through the API, as another door would. */
async function checkInElsewhere(eventId, code) {
  await graphql('mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { status } } }', { e: eventId, c: code });
}

describe('people of a registration at the door', () => {
  test('the door checks in only the people ticked, the others later, and counts people', async () => {
    const event = await publishedEvent(`Deursessie ${RUN}`);
    const family = await register(event.id, await approvedPartner(`Drie aan de deur ${RUN}`), ['Jan Peeters', 'An Claes', 'Piet Smet']);
    const single = await register(event.id, await approvedPartner(`Een aan de deur ${RUN}`), ['Lies Wouters']);
    await startNow(event.id);

    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, GENT, `#/deur?evenement=${encodeURIComponent(event.id)}`, 'deur');
    const arrivals = page.locator(testid('door-arrivals'));
    await page.locator(`${testid('door-arrivals')}[data-arrived="0"][data-expected="4"]`).waitFor();

    // A code typed shows its people, everyone not yet in ticked; the button that checks them in has the focus.
    const choice = page.locator(testid('door-choice'));
    const typeCode = async (code) => {
      await page.fill(testid('checkin-code'), code);
      await page.press(testid('checkin-code'), 'Enter');
    };
    await typeCode(family.code.toLowerCase());
    await choice.waitFor();
    assert.deepEqual(await choice.locator(testid('door-person')).allTextContents(), ['Jan Peeters', 'An Claes', 'Piet Smet']);
    assert.deepEqual(await choice.locator(testid('door-person-box')).evaluateAll((boxes) => boxes.map((b) => [b.checked, b.disabled])), [
      [true, false],
      [true, false],
      [true, false],
    ]);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'door-choice-submit');
    assert.deepEqual(await violations(page), [], 'the choice of people passes axe');

    // Piet comes later: only Jan and An check in, and the door counts them.
    await page.getByLabel('Piet Smet').uncheck();
    await page.click(testid('door-choice-submit'));
    const result = page.locator(`${testid('checkin-result')} .notice`);
    await result.waitFor();
    assert.deepEqual([await result.getAttribute('data-arrived'), await result.getAttribute('data-people')], ['2', '3']);
    assert.equal(await choice.count(), 0, 'the choice is done');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'checkin-code', 'ready for the next code');
    await page.locator(`${testid('door-arrivals')}[data-arrived="2"][data-expected="4"]`).waitFor();
    assert.match(await arrivals.textContent(), /2 van de 4/);
    assert.deepEqual(await peopleOf(family.id), { 'Jan Peeters': true, 'An Claes': true, 'Piet Smet': false });

    // The same code again: those in are shown as in, Piet alone is left to tick, and Enter checks him in.
    await typeCode(family.code);
    await choice.waitFor();
    assert.deepEqual(await choice.locator(testid('door-person')).evaluateAll((items) => items.map((li) => li.getAttribute('data-checked-in'))), ['true', 'true', 'false']);
    assert.deepEqual(await choice.locator(testid('door-person-box')).evaluateAll((boxes) => boxes.map((b) => [b.checked, b.disabled])), [
      [true, true],
      [true, true],
      [true, false],
    ]);
    await page.keyboard.press('Enter');
    await page.locator(`${testid('checkin-result')} .notice[data-arrived="3"]`).waitFor();
    await page.locator(`${testid('door-arrivals')}[data-arrived="3"][data-expected="4"]`).waitFor();
    assert.deepEqual(await peopleOf(family.id), { 'Jan Peeters': true, 'An Claes': true, 'Piet Smet': true });

    // Everyone of it is in: the code is refused as used.
    await typeCode(family.code);
    await page.locator(`${testid('checkin-result')} [data-code="CONFLICT"]`).waitFor();
    assert.equal(await choice.count(), 0);

    // Nobody ticked sends nothing; another code puts the choice away.
    await typeCode(single.code);
    await choice.waitFor();
    await page.getByLabel('Lies Wouters').uncheck();
    await page.click(testid('door-choice-submit'));
    await page.locator(testid('door-choice-none')).waitFor();
    assert.deepEqual(await peopleOf(single.id), { 'Lies Wouters': false });
    await page.click(testid('door-choice-cancel'));
    assert.equal(await choice.count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'checkin-code');
    assert.equal(await arrivals.getAttribute('data-arrived'), '3');
    await done();
  });

  test('the registrations page keeps the focus on its control when a check-in elsewhere reads the list again', async () => {
    const event = await publishedEvent(`Focussessie ${RUN}`);
    const first = `Eerste partner ${RUN}`;
    const second = `Tweede partner ${RUN}`;
    const one = await register(event.id, await approvedPartner(first), ['Jan Peeters', 'An Claes']);
    const two = await register(event.id, await approvedPartner(second), ['Lies Wouters']);
    const three = await register(event.id, await approvedPartner(`Derde partner ${RUN}`), ['Mia Janssens', 'Tom Maes']);

    const { page, done } = await openPage();
    await signInTo(page, GENT, `#/team/events/${event.slug}/inschrijvingen`, 'team');
    const attended = (code) => page.locator(`${testid('registrations-ATTENDED')} ${testid('registration-row')}[data-code="${code}"]`);
    // Each check-in button names the registration it checks in.
    const secondButton = page.getByRole('button', { name: `Inchecken: ${second}` });
    await secondButton.focus();

    // The first registration checks in at the door: the list is read again, the focus stays put.
    const list = await page.locator(testid('registrations-list')).elementHandle();
    await checkInElsewhere(event.id, one.code);
    await attended(one.code).waitFor();
    assert.equal(await list.evaluate((el) => el.isConnected), false, 'the list was read again in place');
    assert.equal(await page.locator(testid('registrations-list')).getAttribute('data-arrived'), '2', 'two people are in');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Inchecken: ${second}`, 'the same button has the focus');
    assert.equal(await page.evaluate(() => document.activeElement?.isConnected), true);

    // The second checks in elsewhere too: its button is gone, and its registration holds the focus.
    await checkInElsewhere(event.id, two.code);
    await attended(two.code).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid="registration-row"]')?.getAttribute('data-code')), two.code);

    // A code typed on this page shows its people to tick too: only Mia comes in.
    await page.fill(testid('team-checkin-code'), three.code);
    await page.click(testid('team-checkin-submit'));
    await page.locator(testid('door-choice')).waitFor();
    await page.getByLabel('Tom Maes').uncheck();
    await page.click(testid('door-choice-submit'));
    await page.locator(testid('checkin-notice')).waitFor();
    const row = attended(three.code);
    assert.deepEqual(await row.locator(testid('registration-person')).evaluateAll((items) => items.map((li) => li.getAttribute('data-checked-in'))), ['true', 'false']);
    assert.deepEqual(await peopleOf(three.id), { 'Mia Janssens': true, 'Tom Maes': false });
    await done();
  });
});
