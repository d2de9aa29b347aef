// The team's events in the browser: Ghent's coordinator plans an event for a Ghent case (times typed in
// Brussels, a quota), publishes it, sees who signed up with their stakeholder types, downloads the attendee
// list (a name that begins like a formula comes out inert), checks a partner in, marks the no-shows once it
// is over and sees the attendance per type; a quota refused after the fields were saved, then corrected; a
// check-in at the door seen at once; a status move after taking theirs in a conflict; cancelling asks first;
// another city's coordinator cannot reach the form nor sees the team's links; axe finds nothing on the new
// pages, and the registrations work on a phone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BRUGGE, GENT, PARTNER, graphql, graphqlAs, openPage, rendered, signIn, signInTo, testid, tokenOf, violations, visit } from './support/browser.mjs';

/** Something of this run's own, so that no other file's records get in the way. */
const RUN = Date.now().toString(36);

/** An event's fields and registrations, as the admin reads them. */
async function eventBySlug(slug) {
  const { event } = await graphql(
    `query($slug: String!) { event(slug: $slug) {
      id slug title status startsAt endsAt venue capacity updatedAt cities pilotCase { id }
      quotas { stakeholderType maxSeats reservedSeats }
      registrations { status code partner { name stakeholderType } }
    } }`,
    { slug },
  );
  return event;
}

let partnersMade = 0;

/** A partner made and approved by the admin (its contact's name begins like a formula too); returns its id. */
async function approvedPartner(name, stakeholderType) {
  partnersMade += 1;
  const { createPartner } = await graphql(
    'mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }',
    { input: { name, stakeholderType, homeCity: 'GENT', contact: { name: '@Noor Smet', email: `noor-${RUN}-${partnersMade}@example.org` } } },
  );
  await graphql('mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }', { id: createPartner.partner.id });
  return createPartner.partner.id;
}

/**
 * The rows of a CSV file whose every cell is quoted (RFC 4180: `""` inside a cell is one `"`, and a cell
 * may hold a line end), after the byte order mark.
 * @param {string} text
 */
function parseQuotedCsv(text) {
  const body = text.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let at = 0;
  while (at < body.length) {
    assert.equal(body[at], '"', `every cell is quoted, at ${at}: ${body.slice(at, at + 20)}`);
    let cell = '';
    at += 1;
    for (;;) {
      const quote = body.indexOf('"', at);
      assert.ok(quote >= 0, 'a quoted cell ends');
      cell += body.slice(at, quote);
      if (body[quote + 1] === '"') {
        cell += '"';
        at = quote + 2;
      } else {
        at = quote + 1;
        break;
      }
    }
    row.push(cell);
    if (body[at] === ',') at += 1;
    else {
      assert.equal(body.slice(at, at + 2), '\r\n', 'a row ends with CRLF');
      at += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** Next year's 15 July, a summer day (CEST, UTC+2), as typed in a `datetime-local` input. */
const YEAR = new Date().getUTCFullYear() + 1;

describe("the team's events", () => {
  test('a coordinator plans and publishes an event, sees who signed up, downloads the list, checks in, and marks the no-shows', async () => {
    const title = `Cocreatie deelmobiliteit ${RUN}`;
    const { pilotCases } = await graphql('{ pilotCases(filter: { city: GENT }, first: 1) { nodes { id title } } }');
    const [ghentCase] = pilotCases.nodes;

    // The Content-Security-Policy stays on for this page: the download must work under it.
    const { page, done } = await openPage();
    await signInTo(page, GENT, '#/team/events/nieuw', 'team');
    await page.fill(testid('event-title'), title);
    await page.selectOption(testid('event-format'), 'FOCUS_GROUP');
    await page.fill(testid('event-startsAt'), `${YEAR}-07-15T18:30`);
    await page.fill(testid('event-endsAt'), `${YEAR}-07-15T20:00`);
    assert.match(await page.locator(testid('event-startsAt-zone')).textContent(), /CEST/, 'the zone is shown');
    await page.fill(testid('event-venue'), 'De Krook');
    await page.fill(testid('event-capacity'), '10');
    await page.selectOption(testid('event-pilotCaseId'), ghentCase.id);
    assert.ok(await page.isChecked(testid('event-cities-GENT')), "the coordinator's city comes first");
    await page.fill(testid('event-quota-max-COMPANY'), '4');
    await page.fill(testid('event-quota-reserved-CIVIC_ORGANISATION'), '2');
    await page.click(testid('event-save'));
    // A new event moves on to its own form, which says it was created.
    await page.locator(testid('event-notice')).waitFor();
    await rendered(page, 'team');
    const slug = decodeURIComponent(new URL(page.url()).hash.split('/').pop());
    let event = await eventBySlug(slug);
    assert.equal(event.title, title);
    assert.equal(new Date(event.startsAt).toISOString(), `${YEAR}-07-15T16:30:00.000Z`, '18:30 in Brussels in summer is 16:30 UTC');
    assert.equal(new Date(event.endsAt).toISOString(), `${YEAR}-07-15T18:00:00.000Z`);
    assert.equal(event.pilotCase.id, ghentCase.id);
    assert.deepEqual(event.cities, ['GENT']);
    assert.deepEqual(event.quotas, [
      { stakeholderType: 'CIVIC_ORGANISATION', maxSeats: null, reservedSeats: 2 },
      { stakeholderType: 'COMPANY', maxSeats: 4, reservedSeats: null },
    ]);
    assert.equal(event.status, 'DRAFT');

    // A draft may be published or cancelled, nothing else.
    const moves = await page.locator(`${testid('event-status-panel')} button`).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
    assert.deepEqual(moves, ['event-move-PUBLISHED', 'event-move-CANCELLED']);
    // The form offers the first hundred cases: the event's own stays among them when it is not one of them.
    await page.route('**/graphql', async (route) => {
      if (!(route.request().postData() || '').includes('TeamEventChoices')) return route.fallback();
      const response = await route.fetch();
      const body = await response.json();
      body.data.pilotCases.nodes = body.data.pilotCases.nodes.filter((c) => c.id !== ghentCase.id);
      return route.fulfill({ response, json: body });
    });
    await page.reload();
    await rendered(page, 'team');
    await page.unroute('**/graphql');
    assert.equal(await page.locator(testid('event-pilotCaseId')).inputValue(), ghentCase.id, "the event's case is still chosen");
    // A quota changed in the form is saved from the version read, beside the fields.
    await page.fill(testid('event-quota-max-COMPANY'), '5');
    await page.click(testid('event-save'));
    await page.locator(testid('event-saved')).waitFor();
    event = await eventBySlug(slug);
    assert.equal(event.quotas[1].maxSeats, 5);
    assert.equal(event.pilotCase.id, ghentCase.id, 'the case stays linked');
    // A quota the API refuses once the fields are saved: corrected, it saves over the version they left.
    // The status panel shows the event as the saved fields left it (its capacity), not as first read.
    assert.match(await page.locator(testid('event-form-seats')).textContent(), /van de 10/);
    await page.fill(testid('event-venue'), 'De Krook, zaal 2');
    await page.fill(testid('event-capacity'), '12');
    await page.fill(testid('event-quota-max-COMPANY'), '100001');
    await page.click(testid('event-save'));
    await page.locator(`${testid('event-status')} [data-code="VALIDATION"]`).waitFor();
    event = await eventBySlug(slug);
    assert.equal(event.venue, 'De Krook, zaal 2', 'the fields were saved');
    assert.equal(event.capacity, 12);
    assert.equal(event.quotas[1].maxSeats, 5, 'the refused quota was not');
    assert.match(await page.locator(testid('event-form-seats')).textContent(), /van de 12/, 'the panel shows the capacity saved');
    await page.fill(testid('event-quota-max-COMPANY'), '6');
    await page.click(testid('event-save'));
    await page.locator(testid('event-saved')).waitFor();
    assert.equal((await eventBySlug(slug)).quotas[1].maxSeats, 6);
    await page.click(testid('event-move-PUBLISHED'));
    const published = page.locator(testid('event-notice'), { hasText: 'gepubliceerd' });
    await published.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'event-notice', 'the focus is on the result');
    assert.equal((await eventBySlug(slug)).status, 'PUBLISHED');

    // The demo partner signs up on the public page; a partner whose name begins like a formula through the API.
    const partnerPage = await openPage();
    await visit(partnerPage.page, `#/events/${slug}`, 'events');
    await partnerPage.page.click(`${testid('register-sign-in')} a`);
    await rendered(partnerPage.page, 'aanmelden');
    await signIn(partnerPage.page, PARTNER);
    await partnerPage.page.click(testid('register'));
    await partnerPage.page.locator(`${testid('registration-outcome')}[data-status="CONFIRMED"]`).waitFor();
    await partnerPage.done();
    const formulaName = `=HYPERLINK("http://evil.example";"${RUN}")`;
    const formulaPartner = await approvedPartner(formulaName, 'CITIZEN');
    await graphql('mutation($e: ID!, $p: ID!) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { status } } }', { e: event.id, p: formulaPartner });
    event = await eventBySlug(slug);
    const demo = event.registrations.find((r) => r.partner.name !== formulaName);
    assert.ok(demo, 'the demo partner signed up');

    // The coordinator's list counts them; the registrations show who they are.
    await visit(page, '#/team/events', 'team');
    const item = page.locator(`${testid('team-event')}[data-slug="${slug}"]`);
    assert.equal(await item.locator(testid('team-event-seats')).getAttribute('data-taken'), '2');
    assert.match(await item.locator(testid('team-event-seats')).textContent(), /2 van de 12/);
    await item.locator(testid('team-event-registrations')).click();
    await rendered(page, 'team');
    const confirmed = page.locator(`${testid('registrations-CONFIRMED')} ${testid('registration-row')}`);
    assert.equal(await confirmed.count(), 2);
    const rowOf = (name) => page.locator(testid('registration-row')).filter({ has: page.locator(testid('registration-partner'), { hasText: name }) });
    assert.equal(await rowOf(formulaName).getAttribute('data-type'), 'CITIZEN');
    assert.equal(await rowOf(formulaName).locator(testid('registration-type')).textContent(), 'Burger');
    assert.equal(await rowOf(demo.partner.name).getAttribute('data-type'), demo.partner.stakeholderType);

    // Someone signs up elsewhere meanwhile: the counts follow at once, and the list is offered again.
    const late = await approvedPartner(`Laatkomer ${RUN}`, 'GOVERNMENT');
    const { registerForEvent } = await graphql('mutation($e: ID!, $p: ID!) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id } } }', { e: event.id, p: late });
    await page.locator(`${testid('registrations-seats')}[data-taken="3"]`).waitFor();
    await page.click(testid('registrations-reread'));
    await page.locator(testid('reread-notice')).waitFor();
    assert.equal(await confirmed.count(), 3);
    await graphql('mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { status } } }', { id: registerForEvent.registration.id });
    await page.locator(`${testid('registrations-seats')}[data-taken="2"]`).waitFor();
    await page.click(testid('registrations-reread'));
    await page.locator(`${testid('registrations-CANCELLED')} ${testid('registration-row')}`).waitFor();

    // The attendee list, saved as a file; the cell that began like a formula is text.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(testid('download-csv'))]);
    assert.equal(download.suggestedFilename(), `attendees-${slug}.csv`);
    const rows = parseQuotedCsv(readFileSync(await download.path(), 'utf8'));
    const [header, ...records] = rows;
    assert.deepEqual(header, ['code', 'status', 'waitlist_position', 'partner', 'stakeholder_type', 'contact_person', 'registered_at', 'checked_in_at', 'name']);
    assert.equal(records.length, 3, 'one row per person, of the cancelled registration too');
    const formulaRow = records.find((r) => r[3].includes(RUN));
    assert.equal(formulaRow[3], `'${formulaName}`, 'the name cannot run as a formula');
    assert.equal(formulaRow[5], "'@Noor Smet", 'nor can the contact');
    assert.equal(formulaRow[8], "'@Noor Smet", 'the one person it brings is its contact, as text too');
    assert.ok(records.every((r) => r.every((cell) => !/^[=+\-@]/.test(cell))), 'no cell begins like a formula');
    await page.locator(testid('csv-notice')).waitFor();

    // Checked in from the list.
    await rowOf(demo.partner.name).locator(testid('checkin-row')).click();
    await page.locator(testid('checkin-notice')).waitFor();
    assert.equal((await eventBySlug(slug)).registrations.find((r) => r.code === demo.code).status, 'ATTENDED');
    assert.equal(await rowOf(demo.partner.name).getAttribute('data-status'), 'ATTENDED');
    assert.equal(await rowOf(demo.partner.name).locator(`${testid('registration-person')}[data-checked-in="true"]`).count(), 1, 'its person is shown checked in');
    // A code typed for the event, used already, is refused and says so.
    await page.fill(testid('team-checkin-code'), demo.code.toLowerCase());
    await page.click(testid('team-checkin-submit'));
    await page.locator(`${testid('team-checkin-form')} + div [data-code="CONFLICT"]`).waitFor();
    assert.equal(await page.locator(testid('mark-no-shows')).count(), 0, 'no-shows wait until the event is over');

    // Once the event is over, those who did not come are marked, and the attendance is counted per type.
    const starts = new Date(Date.now() - 3 * 3600 * 1000).toISOString();
    const ends = new Date(Date.now() - 3600 * 1000).toISOString();
    await graphql('mutation($id: ID!, $s: DateTime!, $e: DateTime!) { updateEvent(input: { id: $id, startsAt: $s, endsAt: $e }) { event { id } } }', { id: event.id, s: starts, e: ends });
    await page.reload();
    await rendered(page, 'team');
    await page.click(testid('mark-no-shows'));
    await page.click(testid('no-shows-keep'));
    assert.equal((await eventBySlug(slug)).registrations.filter((r) => r.status === 'NO_SHOW').length, 0, '"no" marks nobody');
    await page.click(testid('mark-no-shows'));
    await page.click(testid('no-shows-confirm'));
    const marked = page.locator(testid('no-shows-notice'));
    await marked.waitFor();
    assert.match(await marked.textContent(), /^1 /);
    assert.equal((await eventBySlug(slug)).registrations.find((r) => r.partner.name === formulaName).status, 'NO_SHOW');
    const attendance = async (type) => {
      const row = page.locator(`${testid('attendance-row')}[data-type="${type}"]`);
      return [await row.getAttribute('data-registered'), await row.getAttribute('data-attended'), await row.getAttribute('data-no-show')];
    };
    assert.deepEqual(await attendance('CITIZEN'), ['1', '0', '1']);
    assert.deepEqual(await attendance(demo.partner.stakeholderType), ['1', '1', '0']);

    // Over now, it can be marked completed.
    await page.click(`nav.breadcrumbs a:text-is("${title}")`);
    await rendered(page, 'team');
    await page.click(testid('event-move-COMPLETED'));
    await page.locator(testid('event-notice'), { hasText: 'afgelopen' }).waitFor();
    assert.equal((await eventBySlug(slug)).status, 'COMPLETED');
    assert.equal(await page.locator(testid('event-no-moves')).count(), 1, 'a completed event moves no more');
    await done();
  });

  test('cancelling asks first; another city cannot reach the form; axe finds nothing; the registrations work on a phone', async () => {
    const title = `Infosessie open data ${RUN}`;
    const { createEvent } = await graphql(
      'mutation($input: CreateCoCreationEventInput!) { createEvent(input: $input) { event { id slug } } }',
      { input: { title, format: 'INFO_SESSION', startsAt: `${YEAR}-01-20T18:00:00+01:00`, endsAt: `${YEAR}-01-20T20:00:00+01:00`, cities: ['GENT'], venue: 'Stadshal' } },
    );
    const { id, slug } = createEvent.event;
    await graphql('mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }', { id });
    const guest = await approvedPartner(`Vereniging voor buurtgerichte gegevensdeling en samenwerking ${RUN}`, 'CIVIC_ORGANISATION');
    await graphql('mutation($e: ID!, $p: ID!) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { status } } }', { e: id, p: guest });

    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, GENT, '#/team/events', 'team');
    assert.deepEqual(await violations(page), [], 'the list');
    // Checked in at the door meanwhile: the registrations show it without being read again by hand.
    await visit(page, `#/team/events/${slug}/inschrijvingen`, 'team');
    const [{ code }] = (await eventBySlug(slug)).registrations;
    await page.locator(`${testid('registrations-CONFIRMED')} ${testid('registration-row')}[data-code="${code}"]`).waitFor();
    await graphql('mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { status } } }', { e: id, c: code });
    await page.locator(`${testid('registrations-ATTENDED')} ${testid('registration-row')}[data-code="${code}"]`).waitFor();
    assert.equal(await page.locator(`${testid('registrations-CONFIRMED')} ${testid('registration-row')}`).count(), 0, 'no longer among those expected');
    await visit(page, '#/team/events/nieuw', 'team');
    assert.deepEqual(await violations(page), [], "a new event's form");
    await visit(page, `#/team/events/${slug}`, 'team');
    assert.equal(await page.locator(testid('event-startsAt')).inputValue(), `${YEAR}-01-20T18:00`, 'shown in Brussels');
    assert.match(await page.locator(testid('event-startsAt-zone')).textContent(), /CET/);
    assert.deepEqual(await violations(page), [], "an event's form");
    // Someone else sets a quota meanwhile: the save is refused, and the form shows their quota in words.
    await graphql('mutation($id: ID!) { setEventQuotas(input: { eventId: $id, quotas: [{ stakeholderType: COMPANY, maxSeats: 3 }] }) { event { id } } }', { id });
    await page.fill(testid('event-venue'), 'De Stadshal');
    await page.click(testid('event-save'));
    const quotaRow = page.locator(`${testid('event-conflict')} tr[data-field="quotas"]`);
    await quotaRow.waitFor();
    assert.equal(await quotaRow.locator(testid('conflict-theirs')).textContent(), 'Bedrijf: hoogstens 3');
    assert.equal(await quotaRow.locator(testid('conflict-mine')).textContent(), '(leeg)');
    await page.click(testid('event-take-theirs'));
    assert.equal(await page.locator(testid('event-quota-max-COMPANY')).inputValue(), '3');
    await page.fill(testid('event-venue'), 'De Stadshal');
    await page.click(testid('event-save'));
    await page.locator(testid('event-saved')).waitFor();
    const kept = await eventBySlug(slug);
    assert.deepEqual(kept.quotas, [{ stakeholderType: 'COMPANY', maxSeats: 3, reservedSeats: null }], 'their quota stays');
    assert.equal(kept.venue, 'De Stadshal', 'and my venue is saved');
    // Changed again meanwhile: after taking theirs, a status move sends the version taken.
    await graphqlAs(await tokenOf(GENT), 'mutation($id: ID!) { updateEvent(input: { id: $id, address: "Botermarkt 1, Gent" }) { event { id } } }', { id });
    await page.fill(testid('event-venue'), 'Stadshal Gent');
    await page.click(testid('event-save'));
    await page.locator(testid('event-conflict')).waitFor();
    const differing = await page.locator(`${testid('event-conflict')} tr[data-field]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')));
    assert.deepEqual(differing, ['venue', 'address'], 'the quota, the same in both, is not shown as changed');
    await page.click(testid('event-take-theirs'));
    assert.equal(await page.inputValue(testid('event-address')), 'Botermarkt 1, Gent');
    assert.ok(await page.locator(testid('event-dirty')).isHidden(), 'their version leaves nothing to save');
    await page.click(testid('event-move-CANCELLED'));
    await page.click(testid('event-cancel-keep'));
    assert.equal((await eventBySlug(slug)).status, 'PUBLISHED', '"no" keeps it on');
    await page.click(testid('event-move-CANCELLED'));
    await page.click(testid('event-cancel-confirm'));
    const notice = page.locator(testid('event-notice'));
    await notice.waitFor();
    assert.match(await notice.textContent(), /geannuleerd/);
    assert.equal((await eventBySlug(slug)).status, 'CANCELLED');
    // The public page leads the team to the form and the registrations.
    await visit(page, `#/events/${slug}`, 'events');
    await page.click(`${testid('event-team-links')} a:nth-of-type(2)`);
    await rendered(page, 'team');
    await page.locator(testid('registrations-CONFIRMED')).waitFor();
    assert.deepEqual(await violations(page), [], "an event's registrations");
    await done();

    const phone = await openPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    await signInTo(phone.page, GENT, `#/team/events/${slug}/inschrijvingen`, 'team');
    await phone.page.locator(testid('download-csv')).waitFor();
    assert.equal(await phone.page.locator(testid('registration-row')).count(), 1);
    assert.equal(await phone.page.locator(`${testid('checkin-row')}, ${testid('team-checkin-form')}`).count(), 0, 'nobody checks in at a cancelled event');
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing sticks out sideways (${overflow}px)`);
    assert.deepEqual(await violations(phone.page), [], 'the registrations on a phone');
    await phone.done();

    const elsewhere = await openPage();
    await signInTo(elsewhere.page, BRUGGE, `#/team/events/${slug}`, 'team');
    await elsewhere.page.locator(testid('event-not-yours')).waitFor();
    assert.equal(await elsewhere.page.locator(testid('event-form')).count(), 0, "Bruges' coordinator gets no form for Ghent's event");
    await visit(elsewhere.page, '#/team/events', 'team');
    assert.equal(await elsewhere.page.locator(`${testid('team-event')}[data-slug="${slug}"]`).count(), 0, 'nor sees it among the events to manage');
    await visit(elsewhere.page, `#/events/${slug}`, 'events');
    assert.equal(await elsewhere.page.locator(testid('event-team-links')).count(), 0, "nor the team's links on its public page");
    await elsewhere.done();
  });
});
