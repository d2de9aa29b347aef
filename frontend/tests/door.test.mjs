// Registrations of several people at the door and on the team's registrations page: a code typed at the
// door shows its people to tick while the focus stays in the code box (a scanner's next code closes the
// list), one person still to come checks in at once, only those ticked check in (the others later, shown
// then as in, as text), a list open follows check-ins elsewhere and is shown again when the API refuses
// someone who came in meanwhile, and the arrivals count people; the registrations page reads a
// registration afresh when its code is typed (one moved up or made since the page was shown too), sends
// a list once however often it is confirmed, and, read again in place after a check-in at another door,
// keeps the focus on the control that held it (or, when that control is gone, on its registration).
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

/** Checks the people named of a registration in through the API, as another door would. */
async function checkInPeopleElsewhere(eventId, registration, names) {
  const { node } = await graphql('query($id: ID!) { node(id: $id) { ... on Registration { people { id name } } } }', { id: registration.id });
  const personIds = node.people.filter((p) => names.includes(p.name)).map((p) => p.id);
  assert.equal(personIds.length, names.length);
  await graphql('mutation($e: ID!, $c: String!, $p: [ID!]) { checkIn(input: { eventId: $e, code: $c, personIds: $p }) { registration { status } } }', { e: eventId, c: registration.code, p: personIds });
}

/**
 * Holds the page's next check-in request (the operation named `operation`) until `meanwhile` has run:
 * what happens elsewhere between reading a registration and checking it in.
 */
async function beforeNextCheckIn(page, operation, meanwhile) {
  let held = false;
  await page.route('**/graphql', async (route) => {
    if (!held && (route.request().postData() || '').includes(`mutation ${operation}(`)) {
      held = true;
      await meanwhile();
    }
    await route.continue();
  });
}

/** The test id of the element that has the focus. */
const focusedTestid = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

/** Checks a registration in through the API, as another door would. */
async function checkInElsewhere(eventId, code) {
  await graphql('mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { status } } }', { e: eventId, c: code });
}

describe('people of a registration at the door', () => {
  test('the door keeps the focus in the code box, checks in only the people ticked, follows check-ins elsewhere, and counts people', async () => {
    const event = await publishedEvent(`Deursessie ${RUN}`);
    const family = await register(event.id, await approvedPartner(`Drie aan de deur ${RUN}`), ['Jan Peeters', 'An Claes', 'Piet Smet']);
    const single = await register(event.id, await approvedPartner(`Een aan de deur ${RUN}`), ['Lies Wouters']);
    const duo = await register(event.id, await approvedPartner(`Twee aan de deur ${RUN}`), ['Mia Janssens', 'Tom Maes']);
    await startNow(event.id);

    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, GENT, `#/deur?evenement=${encodeURIComponent(event.id)}`, 'deur');
    const arrivals = page.locator(testid('door-arrivals'));
    await page.locator(`${testid('door-arrivals')}[data-arrived="0"][data-expected="6"]`).waitFor();
    await page.focus(testid('checkin-code'));

    // A code typed (as a scanner does, into whatever has the focus) shows its people, all ticked; the
    // focus stays in the code box.
    const choice = page.locator(testid('door-choice'));
    const result = page.locator(`${testid('checkin-result')} .notice`);
    const scan = async (code) => {
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
    };
    await scan(family.code.toLowerCase());
    await choice.waitFor();
    assert.deepEqual(await choice.locator(testid('door-person')).allTextContents(), ['Jan Peeters', 'An Claes', 'Piet Smet']);
    assert.deepEqual(await choice.locator(testid('door-person-box')).evaluateAll((boxes) => boxes.map((b) => b.checked)), [true, true, true]);
    assert.equal(await focusedTestid(page), 'checkin-code', 'the next code goes to the code box');
    assert.match(await page.locator(testid('door-choice-ready')).textContent(), /3 personen/);
    assert.deepEqual(await violations(page), [], 'the choice of people passes axe');

    // The next party's code closes the list, and its one person checks in at once: nobody of the
    // family is checked in by that Enter. A scanner does not wait: the family's code, scanned again while
    // Lies is on her way, follows her.
    await beforeNextCheckIn(page, 'CheckIn', () => new Promise((resolve) => setTimeout(resolve, 400)));
    await scan(single.code);
    assert.equal(await choice.count(), 0, 'the list of the last code is gone');
    await scan(family.code);
    await choice.waitFor();
    await page.unroute('**/graphql');
    assert.deepEqual(await peopleOf(single.id), { 'Lies Wouters': true });
    assert.deepEqual(await peopleOf(family.id), { 'Jan Peeters': false, 'An Claes': false, 'Piet Smet': false });
    await page.locator(`${testid('door-arrivals')}[data-arrived="1"]`).waitFor();

    // Jan checks in at another door meanwhile: the open list shows him in, as text.
    await checkInPeopleElsewhere(event.id, family, ['Jan Peeters']);
    await choice.locator(`${testid('door-person')}[data-checked-in="true"]`).waitFor();
    assert.deepEqual(await choice.locator(testid('door-person')).evaluateAll((items) => items.map((li) => li.getAttribute('data-checked-in'))), ['true', 'false', 'false']);
    assert.match(await choice.locator(`${testid('door-person')}[data-checked-in="true"]`).textContent(), /Jan Peeters · binnen sinds/);
    assert.equal(await choice.locator(testid('door-person-box')).count(), 2, 'who is in has no box');
    assert.deepEqual(await violations(page), [], 'the list with someone in passes axe');

    // An comes in at another door just before the list is sent: the door shows the list again, as it is
    // now, and says why; Piet alone is left to check in.
    await beforeNextCheckIn(page, 'CheckIn', () => checkInPeopleElsewhere(event.id, family, ['An Claes']));
    await page.click(testid('door-choice-submit'));
    await page.locator(testid('door-choice-changed')).waitFor();
    assert.match(await page.locator(testid('door-choice-changed')).textContent(), /Intussen werd iemand van Drie aan de deur/);
    assert.equal(await choice.locator(testid('door-person-box')).count(), 1);
    assert.deepEqual(await peopleOf(family.id), { 'Jan Peeters': true, 'An Claes': true, 'Piet Smet': false });
    await page.unroute('**/graphql');
    await page.click(testid('door-choice-submit'));
    await page.locator(`${testid('checkin-result')} .notice[data-arrived="3"]`).waitFor();
    assert.deepEqual([await result.getAttribute('data-arrived'), await result.getAttribute('data-people')], ['3', '3']);
    assert.equal(await choice.count(), 0, 'the choice is done');
    assert.equal(await focusedTestid(page), 'checkin-code', 'ready for the next code');
    await page.locator(`${testid('door-arrivals')}[data-arrived="4"][data-expected="6"]`).waitFor();
    assert.match(await arrivals.textContent(), /4 van de 6/);

    // Everyone of it is in: the code is refused as used.
    await scan(family.code);
    await page.locator(`${testid('checkin-result')} [data-code="CONFLICT"]`).waitFor();
    assert.equal(await choice.count(), 0);

    // "Another code" puts a list away, and the focus is in the code box.
    await scan(duo.code);
    await choice.waitFor();
    await page.click(testid('door-choice-cancel'));
    assert.equal(await choice.count(), 0);
    assert.equal(await focusedTestid(page), 'checkin-code');

    // Tom comes later: only Mia checks in. Nobody ticked sends nothing, and says so to a screen reader too.
    await scan(duo.code);
    await choice.waitFor();
    await page.getByLabel('Mia Janssens').uncheck();
    await page.getByLabel('Tom Maes').uncheck();
    await page.click(testid('door-choice-submit'));
    await page.locator(testid('door-choice-none')).waitFor();
    assert.equal(await choice.locator('fieldset').getAttribute('aria-describedby'), await page.locator(testid('door-choice-none')).getAttribute('id'));
    assert.deepEqual(await peopleOf(duo.id), { 'Mia Janssens': false, 'Tom Maes': false });
    await page.getByLabel('Mia Janssens').check();
    assert.equal(await choice.locator('fieldset').getAttribute('aria-describedby'), null);
    await page.click(testid('door-choice-submit'));
    await page.locator(`${testid('checkin-result')} .notice[data-arrived="1"][data-people="2"]`).waitFor();
    assert.deepEqual(await peopleOf(duo.id), { 'Mia Janssens': true, 'Tom Maes': false });

    // Later, Tom alone is left: his code checks him in at once.
    await scan(duo.code);
    await page.locator(`${testid('checkin-result')} .notice[data-arrived="2"][data-people="2"]`).waitFor();
    assert.equal(await choice.count(), 0);
    await page.locator(`${testid('door-arrivals')}[data-arrived="6"][data-expected="6"]`).waitFor();
    await done();
  });

  test('the registrations page reads a code afresh, sends a list once, and keeps the focus when a check-in elsewhere reads the list again', async () => {
    const event = await publishedEvent(`Focussessie ${RUN}`);
    const first = `Eerste partner ${RUN}`;
    const second = `Tweede partner ${RUN}`;
    const one = await register(event.id, await approvedPartner(first), ['Jan Peeters', 'An Claes']);
    const two = await register(event.id, await approvedPartner(second), ['Lies Wouters']);
    const three = await register(event.id, await approvedPartner(`Derde partner ${RUN}`), ['Mia Janssens', 'Tom Maes']);

    const { page, done } = await openPage({ bypassCSP: true });
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

    // A registration made after the page was shown: its code typed shows its people to tick all the
    // same (nobody checks in unasked).
    const late = await register(event.id, await approvedPartner(`Late partner ${RUN}`), ['Els Peeters', 'Wim Claes']);
    const choice = page.locator(testid('door-choice'));
    await page.fill(testid('team-checkin-code'), late.code);
    await page.click(testid('team-checkin-submit'));
    await choice.waitFor();
    assert.deepEqual(await choice.locator(testid('door-person')).allTextContents(), ['Els Peeters', 'Wim Claes']);
    assert.deepEqual(await peopleOf(late.id), { 'Els Peeters': false, 'Wim Claes': false });
    await page.click(testid('door-choice-cancel'));
    assert.equal(await focusedTestid(page), 'team-checkin-code');

    // Mia checks in at the door after the page was read: her code typed here shows her in, as text, and
    // Tom alone to come, who then checks in at once.
    await checkInPeopleElsewhere(event.id, three, ['Mia Janssens']);
    await page.locator(`${testid('registrations-list')}[data-arrived="4"]`).waitFor();
    await page.fill(testid('team-checkin-code'), three.code);
    await page.click(testid('team-checkin-submit'));
    await page.locator(testid('checkin-notice')).waitFor();
    assert.deepEqual(await peopleOf(three.id), { 'Mia Janssens': true, 'Tom Maes': true });

    // The list of the late registration, from its row: confirmed twice in a row, it is sent once.
    const sent = [];
    page.on('request', (request) => {
      if ((request.postData() || '').includes('mutation TeamCheckIn(')) sent.push(request.postData());
    });
    await page.getByRole('button', { name: `Inchecken: Late partner ${RUN}` }).click();
    await choice.waitFor();
    assert.equal(await focusedTestid(page), 'door-choice-submit');
    assert.match(await choice.locator('fieldset legend').textContent(), /Wie van Late partner/);
    assert.equal(await choice.locator(`fieldset ${testid('door-choice-submit')}`).count(), 1, 'the legend names the buttons too');
    assert.deepEqual(await violations(page), [], 'the registrations page with a list of people passes axe');
    await page.getByLabel('Wim Claes').uncheck();
    await page.focus(testid('door-choice-submit'));
    // The answer takes a moment: the second Enter comes while the first list is on its way.
    await beforeNextCheckIn(page, 'TeamCheckIn', () => new Promise((resolve) => setTimeout(resolve, 400)));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await attended(late.code).waitFor();
    assert.equal(sent.length, 1, 'one check-in sent');
    assert.deepEqual(await peopleOf(late.id), { 'Els Peeters': true, 'Wim Claes': false });
    assert.deepEqual(await attended(late.code).locator(testid('registration-person')).evaluateAll((items) => items.map((li) => li.getAttribute('data-checked-in'))), ['true', 'false']);
    await done();
  });
});
