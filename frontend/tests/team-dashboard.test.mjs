// The team's way in and home: a coordinator signs in and lands on the dashboard, which shows what waits
// (an event with its seats, a partner to approve) one click from where it is handled; the audit log shows
// what the coordinator changed, filters it by kind of record and by day, pages it, and keeps another city's
// records to the admins; the stories in review are the coordinator's, chosen by the API. Every record here
// is made by this file, with titles of its own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BRUGGE, GENT, TEAM, graphql, graphqlAs, openPage, rendered, signIn, signInTo, testid, tokenOf, violations, visit } from './support/browser.mjs';

/** A unique suffix, so that the records of this file never meet another file's. */
const RUN = Date.now().toString(36);

/** Today in Brussels, as a calendar date (`2026-12-03`). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** The day after a calendar date. */
const dayAfter = (day) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};

/** The UUID inside a global id (`base64("Kind:uuid-without-dashes")`). */
function uuidOf(globalId) {
  const hex = Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Creates a published event of `cities` starting within the hour, and returns its id and slug. */
async function publishedEvent(title, cities, capacity) {
  const starts = new Date(Date.now() + 20 * 60 * 1000);
  const ends = new Date(starts.getTime() + 2 * 3600 * 1000);
  const { createEvent } = await graphql('mutation($input: CreateCoCreationEventInput!) { createEvent(input: $input) { event { id slug } } }', {
    input: { title, format: 'WORKSHOP', startsAt: starts.toISOString(), endsAt: ends.toISOString(), cities, venue: 'De Krook', capacity },
  });
  await graphql('mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }', { id: createEvent.event.id });
  return createEvent.event;
}

/** Creates a partner (approved unless `pending`) and returns its id and slug. */
async function partner(name, pending = false) {
  const { createPartner } = await graphql('mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id slug } } }', {
    input: { name, stakeholderType: 'CITIZEN', homeCity: 'GENT' },
  });
  if (!pending) await graphql('mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }', { id: createPartner.partner.id });
  return createPartner.partner;
}

/** Changes a filter of the log (`change` acts on the page) and waits for the list it asks for. */
async function refiltered(page, change, param) {
  await change();
  await page.waitForFunction((p) => location.hash.includes(p), param);
  await rendered(page, 'team');
}

/** The audit log's entries shown, as [action, kind, subject] triples. */
async function shownEntries(page) {
  return page.locator(testid('audit-entry')).evaluateAll((items) => items.map((li) => [li.getAttribute('data-action'), li.getAttribute('data-kind'), li.getAttribute('data-subject')]));
}

/** Whether the page is no wider than its viewport (nothing to scroll sideways). */
const fitsTheScreen = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Creates a story of `city` and sends it for review; returns its id and slug. */
async function storyInReview(title, city) {
  const { createSuccessStory } = await graphql('mutation($input: CreateSuccessStoryInput!) { createSuccessStory(input: $input) { successStory { id slug } } }', {
    input: { title, summary: 'Ter review', city },
  });
  await graphql('mutation($id: ID!) { setSuccessStoryStatus(input: { id: $id, status: IN_REVIEW }) { successStory { id } } }', { id: createSuccessStory.successStory.id });
  return createSuccessStory.successStory;
}

describe('the team dashboard and the audit log', () => {
  test("the stories in review are the coordinator's, however many of another city wait before them", async () => {
    // Fifty of Bruges' wait longer than Ghent's: the API picks the coordinator's, not the page.
    const bruges = [];
    for (let i = 0; i < 50; i++) bruges.push(await storyInReview(`Brugs verhaal ${i} ${RUN}`, 'BRUGGE'));
    const ghent = await storyInReview(`Gents verhaal ${RUN}`, 'GENT');
    try {
      const { page, done } = await openPage();
      await signInTo(page, GENT, '#/team', 'team');
      await page.locator(`${testid('dashboard-story')}[data-slug="${ghent.slug}"]`).waitFor();
      const shown = await page.locator(testid('dashboard-story')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')));
      assert.ok(!bruges.some((story) => shown.includes(story.slug)), "no story of Bruges is on Ghent's dashboard");
      await done();
    } finally {
      // Back to drafts, so that no other test meets them in review.
      for (const story of [...bruges, ghent]) {
        await graphql('mutation($id: ID!) { setSuccessStoryStatus(input: { id: $id, status: DRAFT }) { successStory { id } } }', { id: story.id });
      }
    }
  });

  test('a coordinator lands on the dashboard, sees what waits with its seats, and follows it', async () => {
    const event = await publishedEvent(`Dashboard-workshop ${RUN}`, ['GENT'], 2);
    const guests = [await partner(`Gast een ${RUN}`), await partner(`Gast twee ${RUN}`), await partner(`Gast drie ${RUN}`)];
    for (const guest of guests) {
      await graphql('mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id } } }', { e: event.id, p: guest.id });
    }
    const waiting = await partner(`Wachtende vennoot ${RUN}`, true);
    const seats = await graphql('query($id: ID!) { node(id: $id) { ... on CoCreationEvent { seatsTaken capacity waitlistLength } } }', { id: event.id });
    assert.deepEqual(seats.node, { seatsTaken: 2, capacity: 2, waitlistLength: 1 }, 'two seats taken, one waiting');

    const { page, done } = await openPage({ bypassCSP: true });
    await visit(page, '#/aanmelden', 'aanmelden');
    await signIn(page, GENT);
    await rendered(page, 'team');
    assert.equal(await page.evaluate(() => location.hash), '#/team', 'a team account without a way back lands on the workspace');
    assert.match(await page.locator(testid('dashboard-scope')).textContent(), /Gent/);

    const row = page.locator(`${testid('dashboard-event')}[data-slug="${event.slug}"]`);
    await row.waitFor();
    const taken = row.locator(testid('seats-taken'));
    assert.deepEqual([await taken.getAttribute('data-taken'), await taken.getAttribute('data-capacity')], ['2', '2']);
    assert.match(await taken.textContent(), /2\/2 plaatsen bezet/);
    assert.equal(await row.locator(testid('waitlist')).getAttribute('data-waitlist'), '1');
    assert.match(await row.locator(testid('waitlist')).textContent(), /1 op de wachtlijst/);
    const pendingRow = page.locator(`${testid('dashboard-partner')}[data-slug="${waiting.slug}"]`);
    assert.equal(await pendingRow.locator('a').getAttribute('href'), `#/team/partners/${waiting.slug}`);
    // Every section says what it holds, or that it holds nothing; each phase count goes to its list.
    for (const part of ['events', 'partners', 'invitations', 'stories', 'cases']) {
      assert.ok(await page.locator(testid(`dashboard-${part}`)).isVisible(), `the ${part} section is shown`);
    }
    const running = page.locator(`${testid('dashboard-phase')}[data-phase="RUNNING"] a`);
    assert.equal(await running.getAttribute('href'), '#/team/cases?fase=RUNNING');
    const counted = await graphql('{ pilotCases(filter: { city: GENT, phase: [RUNNING] }) { totalCount } }');
    assert.equal(await page.locator(`${testid('dashboard-phase')}[data-phase="RUNNING"]`).getAttribute('data-count'), String(counted.pilotCases.totalCount));
    for (const [link, href] of [['new-case', '#/team/cases/nieuw'], ['new-event', '#/team/events/nieuw'], ['new-story', '#/team/verhalen/nieuw'], ['audit-link', '#/team/audit'], ['door-link', '#/deur'], ['mine-link', '#/mijn']]) {
      assert.equal(await page.locator(testid(link)).getAttribute('href'), href);
    }
    assert.equal(await page.locator(testid('accounts-link')).count(), 0, 'accounts are the admins’');
    assert.deepEqual(await violations(page), [], 'no WCAG violations on the dashboard');

    await row.locator('a').click();
    await page.waitForFunction((slug) => location.hash === `#/team/events/${slug}/inschrijvingen`, event.slug);
    await rendered(page, 'team');

    // Mijn LODE stays in reach, and leads back to the workspace.
    await visit(page, '#/mijn', 'mijn');
    assert.equal(await page.locator(testid('team-link')).getAttribute('href'), '#/team');
    assert.match(await page.locator(testid('team-note')).textContent(), /werkruimte/);
    await done();
  });

  test('the audit log shows the coordinator’s change, filters by kind and day, pages, and keeps Bruges to the admins', async () => {
    const gentToken = await tokenOf(GENT);
    const event = await publishedEvent(`Auditlog-event ${RUN}`, ['GENT'], 30);
    const bruges = await publishedEvent(`Brugs auditlog-event ${RUN}`, ['BRUGGE'], 30);
    // 26 changes by the coordinator, so that the event's history takes two pages of 25.
    const change = 'mutation($id: ID!, $v: String!) { updateEvent(input: { id: $id, venue: $v }) { event { id } } }';
    for (let n = 1; n <= 26; n++) await graphqlAs(gentToken, change, { id: event.id, v: `Zaal ${n}` });
    await graphql(change, { id: bruges.id, v: 'Concertgebouw' });
    const count = 'query($s: UUID!) { auditLog(filter: { subjectId: $s }) { totalCount } }';
    const eventUuid = uuidOf(event.id);
    const brugesUuid = uuidOf(bruges.id);
    assert.equal((await graphqlAs(gentToken, count, { s: eventUuid })).auditLog.totalCount, 28, 'created, published, changed 26 times');
    assert.equal((await graphqlAs(gentToken, count, { s: brugesUuid })).auditLog.totalCount, 0, 'Bruges’ record is not Ghent’s to read');
    assert.equal((await graphql(count, { s: brugesUuid })).auditLog.totalCount, 3, 'the admin reads it');

    const { page, done } = await openPage({ bypassCSP: true });
    await signInTo(page, GENT, '#/team/audit', 'team');
    await page.locator(testid('audit-list')).waitFor();
    // Newest first: the coordinator's last change is among the first entries, named as “you” (jou).
    const mine = page.locator(`${testid('audit-entry')}[data-subject="${eventUuid}"]`).first();
    assert.equal(await mine.getAttribute('data-action'), 'updateEvent');
    assert.match(await mine.locator(testid('audit-action')).textContent(), /Event gewijzigd/);
    assert.equal(await mine.locator(testid('audit-who')).textContent(), 'jou');
    assert.equal(await mine.locator(testid('audit-record')).getAttribute('href'), `#/team/events/${event.slug}`);
    assert.ok(await mine.locator('time').getAttribute('datetime'));
    assert.equal(await page.locator(`${testid('audit-entry')}[data-subject="${brugesUuid}"]`).count(), 0, 'no entry of Bruges’ event');
    assert.deepEqual(await violations(page), [], 'no WCAG violations on the audit log');

    // By kind of record: only events' entries.
    await refiltered(page, () => page.selectOption(testid('audit-filter-soort'), 'EVENT'), 'soort=EVENT');
    const events = await shownEntries(page);
    assert.ok(events.length > 0 && events.every(([, kind]) => kind === 'EVENT'), 'only entries about events');
    assert.ok(events.some(([, , subject]) => subject === eventUuid));
    // By day: today holds the change, tomorrow nothing yet.
    await refiltered(page, () => page.fill(testid('audit-filter-van'), today()), `van=${today()}`);
    await refiltered(page, () => page.fill(testid('audit-filter-tot'), today()), `tot=${today()}`);
    assert.ok((await shownEntries(page)).some(([, , subject]) => subject === eventUuid), 'today’s change is in today');
    await refiltered(page, () => page.fill(testid('audit-filter-van'), dayAfter(today())), `van=${dayAfter(today())}`);
    await page.locator(testid('audit-list-empty')).waitFor();
    assert.deepEqual(await shownEntries(page), []);

    // One record's history, a page at a time.
    await visit(page, '#/team/audit', 'team');
    await page.locator(`${testid('audit-entry')}[data-subject="${eventUuid}"] ${testid('audit-history')}`).first().click();
    await page.waitForFunction((s) => location.hash.includes(`record=${s}`), eventUuid);
    await rendered(page, 'team');
    assert.equal(await page.locator(testid('audit-count')).getAttribute('data-total'), '28');
    assert.equal(await page.locator(testid('audit-entry')).count(), 25);
    await page.click(testid('load-more'));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-entry"]').length === 28);
    assert.ok(await page.locator(testid('load-more')).isHidden(), 'nothing more to load');
    const actions = (await shownEntries(page)).map(([action]) => action);
    assert.deepEqual(actions.slice(-2), ['setEventStatus', 'createEvent'], 'the oldest last');
    assert.equal(new Set((await shownEntries(page)).map(([, , subject]) => subject)).size, 1, 'only this record');

    // Bruges' record: nothing for Ghent's coordinator, its three entries for the admin.
    await visit(page, `#/team/audit?record=${brugesUuid}`, 'team');
    await page.locator(testid('audit-list-empty')).waitFor();
    await done();

    const admin = await openPage();
    await signInTo(admin.page, TEAM, `#/team/audit?record=${brugesUuid}`, 'team');
    await admin.page.locator(testid('audit-list')).waitFor();
    assert.deepEqual((await shownEntries(admin.page)).map(([action]) => action), ['updateEvent', 'setEventStatus', 'createEvent']);
    // An admin sees who acted by address.
    const { me } = await graphql('{ me { email } }');
    assert.equal(await admin.page.locator(testid('audit-who')).first().textContent(), me.email);
    await admin.done();
  });

  test('the dashboard and the audit log work on a phone', async () => {
    const { page, done } = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signInTo(page, BRUGGE, '#/team', 'team');
    await page.locator(testid('dashboard-events')).waitFor();
    assert.ok(await fitsTheScreen(page), 'the dashboard fits the screen');
    assert.match(await page.locator(testid('dashboard-scope')).textContent(), /Brugge/);
    await page.locator(testid('audit-link')).tap();
    await page.waitForFunction(() => location.hash === '#/team/audit');
    await rendered(page, 'team');
    await page.locator(testid('filters')).waitFor();
    assert.ok(await fitsTheScreen(page), 'the audit log fits the screen');
    await done();
  });
});
