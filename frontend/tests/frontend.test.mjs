// The front end in a real browser (Debian's Chromium, driven by playwright-core) against a running server
// with the demo data: the public pages, a partner's and the team's daily paths, and accessibility. What
// every browser test shares (the server, the accounts, opening a page) is in support/browser.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, BRUGGE, PARTNER, TEAM, graphql, indexCaughtUp, openPage, post, rendered, signIn, testid, violations, visit } from './support/browser.mjs';

describe('the public front end', () => {
  test('the home page shows the programme, its navigation and upcoming events', async () => {
    const { page, done } = await openPage();
    await visit(page, '', 'home');
    assert.match(await page.title(), /LODE/);
    assert.ok(await page.locator(testid('home-intro')).isVisible(), 'the introduction is shown');
    const links = await page.locator('.nav-list a[data-route]').allTextContents();
    assert.deepEqual(links, ['Home', 'Meerwaardegebieden', 'Pilootcases', 'Partners', 'Evenementen', 'Succesverhalen', 'Datasets', 'Bevragingen']);
    assert.equal(await page.locator('.nav-list a[aria-current="page"]').textContent(), 'Home');
    const upcoming = await graphql('query($now: DateTime!) { events(filter: { status: [PUBLISHED], startsFrom: $now }) { totalCount } }', { now: new Date().toISOString() }, false);
    assert.ok(upcoming.events.totalCount > 0, 'the demo data has upcoming events');
    assert.ok((await page.locator(testid('event-item')).count()) > 0, 'upcoming events are listed');
    await done();
  });

  test('each list counts what the public may see and shows the first page of it', async () => {
    const { page, done } = await openPage();
    const publicCounts = await graphql(
      `{ partners { totalCount } successStories { totalCount } datasets { totalCount } pilotCases { totalCount }
         valueDomains(filter: { status: [SELECTED, CANDIDATE] }) { totalCount } }`,
      {},
      false,
    );
    const everything = await graphql('{ partners { totalCount } successStories { totalCount } }');
    assert.ok(everything.partners.totalCount > publicCounts.partners.totalCount, 'the demo data has partners the public does not see');
    const lists = [
      ['domeinen', 'domain-list', publicCounts.valueDomains.totalCount],
      ['cases', 'case-list', publicCounts.pilotCases.totalCount],
      ['partners', 'partner-list', publicCounts.partners.totalCount],
      ['verhalen', 'story-list', publicCounts.successStories.totalCount],
      ['datasets', 'dataset-list', publicCounts.datasets.totalCount],
    ];
    for (const [route, list, expected] of lists) {
      await visit(page, `#/${route}`, route);
      const total = Number(await page.locator(testid('total-count')).getAttribute('data-total'));
      assert.equal(total, expected, `the count on #/${route}`);
      const cards = await page.locator(`${testid(list)} > li`).count();
      assert.equal(cards, Math.min(total, 12), `the cards on #/${route}`);
      assert.equal(await page.locator('.nav-list a[aria-current="page"]').getAttribute('data-route'), route);
    }
    await done();
  });

  test('"load more" brings the next page until the list is complete', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/partners', 'partners');
    const total = Number(await page.locator(testid('total-count')).getAttribute('data-total'));
    assert.ok(total > 12, 'more partners than one page');
    const more = page.locator(testid('load-more'));
    while (await more.isVisible()) {
      const before = await page.locator(`${testid('partner-list')} > li`).count();
      await more.click();
      await page.waitForFunction(
        ([selector, n]) => document.querySelectorAll(selector).length > n,
        [`${testid('partner-list')} > li`, before],
      );
    }
    const names = await page.locator(`${testid('partner-list')} > li .card-title`).allTextContents();
    assert.equal(names.length, total, 'every partner, once');
    assert.equal(new Set(names).size, names.length, 'no partner twice');
    await done();
  });

  test('a filter narrows the list and the address keeps it', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/partners', 'partners');
    await page.selectOption(`select${testid('filter-type')}`, 'COMPANY');
    await page.waitForFunction(() => location.hash.includes('type=COMPANY'));
    const companies = await graphql('{ partners(filter: { stakeholderType: [COMPANY] }) { totalCount } }', {}, false);
    await page.waitForFunction(
      ([selector, n]) => document.querySelector(selector)?.getAttribute('data-total') === String(n),
      [testid('total-count'), companies.partners.totalCount],
    );
    await page.reload();
    await rendered(page, 'partners');
    assert.equal(await page.locator(testid('total-count')).getAttribute('data-total'), String(companies.partners.totalCount));
    await done();
  });

  test('search finds records by the start of a word and marks what matched', async () => {
    await indexCaughtUp();
    const { page, done } = await openPage();
    await visit(page, '', 'home');
    await page.fill(testid('search-input'), 'mobilit');
    await page.press(testid('search-input'), 'Enter');
    await page.waitForURL(/#\/zoeken\?q=mobilit/);
    await rendered(page, 'zoeken');
    const total = Number(await page.locator(testid('search-total')).getAttribute('data-total'));
    assert.ok(total > 0, 'the demo data mentions mobiliteit');
    const hits = page.locator(testid('search-hit'));
    assert.equal(await hits.count(), Math.min(total, 20));
    const marked = await page.locator(`${testid('search-results')} mark`).allTextContents();
    assert.ok(marked.length > 0, 'matches are marked');
    assert.ok(marked.every((text) => /^mobilit/i.test(text)), `only the match is marked: ${marked.join(', ')}`);
    // A hit leads to the record's own page.
    const first = hits.first().locator('h2 a');
    const title = (await first.textContent()).trim();
    await first.click();
    await page.waitForSelector(`${testid('page-title')}`);
    await page.waitForSelector('main[aria-busy="false"]');
    assert.equal((await page.locator(testid('page-title')).textContent()).trim(), title);
    await done();
  });

  test('a search that finds nothing says so', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/zoeken?q=qwxzyvbn', 'zoeken');
    assert.ok(await page.locator(testid('search-empty')).isVisible());
    assert.equal(await page.locator(testid('search-total')).getAttribute('data-total'), '0');
    await done();
  });

  test('English finds the Dutch demo records, and a query beyond its typos is offered a better one', async () => {
    const { page, done } = await openPage();
    for (const q of ['bike', 'air quality', 'road works', 'pollution', 'co-creation']) {
      await visit(page, `#/zoeken?q=${encodeURIComponent(q)}`, 'zoeken');
      const total = Number(await page.locator(testid('search-total')).getAttribute('data-total'));
      assert.ok(total > 0, `${q} finds the demo's records`);
    }
    await visit(page, '#/zoeken?q=polusion', 'zoeken');
    const offer = page.locator(`${testid('search-suggestion')} a`);
    assert.equal((await offer.textContent()).trim(), 'pollution');
    await offer.click();
    await page.waitForFunction(() => location.hash.includes('q=pollution'));
    await page.waitForSelector('main[aria-busy="false"]');
    assert.ok(Number(await page.locator(testid('search-total')).getAttribute('data-total')) > 0, 'the offer finds records');
    await done();
  });

  test("an event's page gives its time, its free seats and its calendar file", async () => {
    const { page, done } = await openPage();
    await visit(page, '#/events', 'events');
    const card = page.locator(testid('event-item')).first();
    const title = (await card.locator('.card-title').textContent()).trim();
    await card.locator('.card-title a').click();
    await rendered(page, 'events');
    await page.waitForSelector(testid('event-when'));
    assert.equal((await page.locator(testid('page-title')).textContent()).trim(), title);
    const slug = decodeURIComponent(new URL(page.url()).hash.split('/').pop());
    const { event } = await graphql('query($s: String!) { event(slug: $s) { status seatsLeft capacity } }', { s: slug }, false);
    if (event.status === 'PUBLISHED' && event.capacity !== null) {
      const seats = await page.locator(testid('event-seats')).textContent();
      assert.ok(seats.includes(String(event.seatsLeft)) || event.seatsLeft === 0, `the seats left (${event.seatsLeft}) in "${seats}"`);
    }
    const ics = await page.locator(testid('event-ics')).getAttribute('href');
    const calendar = await page.request.get(new URL(ics, BASE).toString());
    assert.equal(calendar.status(), 200);
    assert.match(calendar.headers()['content-type'], /^text\/calendar/);
    const body = await calendar.text();
    assert.match(body, /BEGIN:VEVENT/);
    assert.ok(body.replace(/\r\n[ \t]/g, '').includes(`SUMMARY:${title.replace(/[,;]/g, (c) => `\\${c}`)}`), 'the file is this event');
    await done();
  });

  test("a partner's page never shows its private contact", async () => {
    const { partners } = await graphql('{ partners(filter: { status: [APPROVED] }, first: 1) { nodes { slug name contact { name email phone } } } }');
    const [partner] = partners.nodes;
    assert.ok(partner.contact && partner.contact.email, 'the demo partner has a contact the team can read');
    const { page, done } = await openPage();
    await visit(page, `#/partners/${encodeURIComponent(partner.slug)}`, 'partners');
    assert.equal((await page.locator(testid('page-title')).textContent()).trim(), partner.name);
    const html = await page.content();
    for (const secret of [partner.contact.email, partner.contact.phone, partner.contact.name].filter(Boolean)) {
      assert.ok(!html.includes(secret), `"${secret}" is not on the public page`);
    }
    await done();
  });

  test('descriptions show their Markdown rendered: headings, emphasis and lists, no Markdown signs', async () => {
    // Demo texts: a pilot case whose description has "## De vraag", "*nu*" and a numbered list, and an event
    // that starts with "**Geannuleerd.**".
    const { pilotCases } = await graphql('{ pilotCases(first: 100) { nodes { slug description } } }', {}, false);
    const pilotCase = pilotCases.nodes.find((c) => c.description.startsWith('## De vraag'));
    assert.ok(pilotCase, 'the demo data has a case whose description starts with a heading');
    const { events } = await graphql('{ events(filter: { status: [CANCELLED] }, first: 100) { nodes { slug description } } }', {}, false);
    const event = events.nodes.find((e) => e.description.startsWith('**Geannuleerd.**'));
    assert.ok(event, 'the demo data has an event whose description starts in bold');
    const { page, done } = await openPage();

    await visit(page, `#/cases/${pilotCase.slug}`, 'cases');
    const description = page.locator(testid('case-description'));
    assert.equal(await description.locator('h2').first().textContent(), 'De vraag', 'the heading sits below the page title');
    assert.equal(await page.locator('main h1').count(), 1, "the description adds no heading of the page's rank");
    assert.equal(await description.locator('em').first().textContent(), 'nu');
    assert.equal(await description.locator('ol > li').count(), 4);
    const text = await description.textContent();
    assert.ok(!text.includes('##') && !text.includes('*'), `no Markdown signs in "${text}"`);

    await visit(page, `#/events/${event.slug}`, 'events');
    assert.equal(await page.locator(`${testid('event-description')} strong`).first().textContent(), 'Geannuleerd.');
    assert.ok(!(await page.locator(testid('event-description')).textContent()).includes('**'));
    await done();
  });

  test('text from the records is shown as text, never run as markup', async () => {
    const name = 'Gevaar <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { createValueDomain } = await graphql(
      `mutation($n: String!) { createValueDomain(input: { name: $n, description: "<b>vet</b> [link](javascript:window.__pwned=3)", economicValue: 3, societalValue: 3, dataReadiness: 3 }) { valueDomain { slug } } }`,
      { n: name },
    );
    await indexCaughtUp();
    const { page, done } = await openPage();
    await visit(page, `#/domeinen/${createValueDomain.valueDomain.slug}`, 'domeinen');
    assert.equal((await page.locator(testid('page-title')).textContent()).trim(), name);
    assert.match(await page.locator(testid('domain-description')).textContent(), /<b>vet<\/b> link/, 'HTML in Markdown reads as text');
    assert.equal(await page.locator('main img, main script, main b').count(), 0, 'no element came from the data');
    assert.equal(await page.locator('main a[href^="javascript:"]').count(), 0, 'no script link');
    await visit(page, '#/zoeken?q=gevaar', 'zoeken');
    assert.ok((await page.locator(testid('search-hit')).count()) > 0);
    assert.equal(await page.locator('main img, main script').count(), 0, 'nor in search results');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing from the data ran');
    await done();
  });

  test('an unknown address says it was not found', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/events/bestaat-niet', 'events');
    assert.ok(await page.locator(testid('not-found')).isVisible());
    await visit(page, '#/nergens', 'nergens');
    assert.ok(await page.locator(testid('not-found')).isVisible());
    await done();
  });

  test('the language switch turns the page English, and the choice is remembered', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/domeinen', 'domeinen');
    await page.click('.lang-btn[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await rendered(page, 'domeinen');
    assert.equal(await page.locator('.nav-list a[data-route="domeinen"]').textContent(), 'Value domains');
    assert.equal(await page.locator('.lang-btn[data-lang="en"]').getAttribute('aria-pressed'), 'true');
    await page.reload();
    await rendered(page, 'domeinen');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await done();
  });

  test('on a phone the menu opens from its button and closes with Escape', async () => {
    const { page, done } = await openPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await visit(page, '', 'home');
    const toggle = page.locator(testid('menu-toggle'));
    assert.ok(await toggle.isVisible(), 'a menu button on a narrow screen');
    assert.equal(await page.locator('.nav-list a[data-route="events"]').isVisible(), false, 'the menu starts closed');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.locator('.nav-list a[data-route="events"]').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await page.locator('.nav-list a[data-route="events"]').waitFor({ state: 'hidden' });
    await done();
  });
});

/** Creates and publishes an event a week from now, open for sign-ups; returns its id and slug. */
async function openEvent(title, capacity) {
  const starts = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const ends = new Date(starts.getTime() + 2 * 3600 * 1000);
  const { createEvent } = await graphql(
    `mutation($input: CreateCoCreationEventInput!) { createEvent(input: $input) { event { id slug } } }`,
    { input: { title, format: 'WORKSHOP', startsAt: starts.toISOString(), endsAt: ends.toISOString(), cities: ['GENT'], venue: 'De Krook', capacity } },
  );
  await graphql('mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }', { id: createEvent.event.id });
  return createEvent.event;
}

/** Signs a partner up for an event as the admin; returns the registration's code. */
async function registrationCode(eventId, partnerId) {
  const { registerForEvent } = await graphql(
    'mutation($e: ID!, $p: ID!) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { code } } }',
    { e: eventId, p: partnerId },
  );
  return registerForEvent.registration.code;
}

/** Moves an event so that it is under way today: it began half an hour ago and ends in two hours. */
async function startNow(eventId) {
  const starts = new Date(Date.now() - 30 * 60 * 1000);
  const ends = new Date(Date.now() + 2 * 3600 * 1000);
  await graphql('mutation($id: ID!, $s: DateTime!, $e: DateTime!) { updateEvent(input: { id: $id, startsAt: $s, endsAt: $e }) { event { id } } }', {
    id: eventId,
    s: starts.toISOString(),
    e: ends.toISOString(),
  });
}

/** The registrations of an event, as the team sees them. */
async function registrationsOf(eventId) {
  const { node } = await graphql('query($id: ID!) { node(id: $id) { ... on CoCreationEvent { registrations { status code waitlistPosition partner { name } } } } }', { id: eventId });
  return node.registrations;
}

/** The id of the demo partner's own organisation. */
async function ownOrganisation() {
  const { login } = await graphql('mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { account { partner { id } } } }', { e: PARTNER.email, p: PARTNER.password }, false);
  return login.account.partner.id;
}

describe('a partner signed in', () => {
  test('registers for an event from its page, finds the code again, and cancels', async () => {
    const event = await openEvent('Workshop luchtkwaliteit in de klas', 5);
    const { page, done } = await openPage();
    await visit(page, `#/events/${event.slug}`, 'events');
    assert.equal(await page.locator(testid('account-link')).textContent(), 'Aanmelden');
    await page.click(`${testid('register-sign-in')} a`);
    await rendered(page, 'aanmelden');
    await signIn(page);
    // Back on the event's page, signed in.
    await page.waitForSelector(testid('register'));
    assert.equal(await page.locator(testid('account-link')).textContent(), 'Mijn LODE');
    await page.click(testid('register'));
    const outcome = page.locator(testid('registration-outcome'));
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-status'), 'CONFIRMED');
    const [registration] = await registrationsOf(event.id);
    assert.equal(registration.status, 'CONFIRMED');
    assert.ok((await outcome.textContent()).includes(registration.code), 'the code the door will ask for');

    // The code can be found again on the partner's own page, and only there.
    await page.click(testid('account-link'));
    await rendered(page, 'mijn');
    const item = page.locator(testid('registration-item')).filter({ hasText: 'Workshop luchtkwaliteit in de klas' });
    assert.ok((await item.locator(testid('registration-code')).textContent()).includes(registration.code));
    assert.equal(await page.locator(testid('account-role')).textContent(), 'Partner');

    // Cancelling asks once more: "no" keeps the registration, "yes" gives the seat away.
    await item.locator(testid('cancel-registration')).click();
    await item.locator(testid('keep-registration')).click();
    await item.locator(testid('cancel-registration')).waitFor();
    assert.equal((await registrationsOf(event.id))[0].status, 'CONFIRMED');
    await item.locator(testid('cancel-registration')).click();
    await item.locator(testid('confirm-cancel')).click();
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="registration-item"]')].some((li) => li.textContent.includes('Workshop luchtkwaliteit in de klas')));
    assert.equal((await registrationsOf(event.id))[0].status, 'CANCELLED');
    await done();
  });

  test('a full event puts the partner on the waitlist and says its place', async () => {
    const event = await openEvent('Focusgroep fietsstraten', 1);
    // The one seat goes to another company than the demo partner's own.
    const own = await ownOrganisation();
    const { partners } = await graphql('{ partners(filter: { status: [APPROVED], stakeholderType: [COMPANY] }, first: 100) { nodes { id } } }');
    const other = partners.nodes.find((p) => p.id !== own);
    await graphql('mutation($e: ID!, $p: ID!) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { status } } }', { e: event.id, p: other.id });
    const { page, done } = await openPage();
    await visit(page, `#/aanmelden?terug=${encodeURIComponent(`#/events/${event.slug}`)}`, 'aanmelden');
    await signIn(page);
    await page.waitForSelector(testid('register'));
    await page.click(testid('register'));
    const outcome = page.locator(testid('registration-outcome'));
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-status'), 'WAITLISTED');
    assert.match(await outcome.textContent(), /plaats 1 /);
    // Coming back shows the same registration instead of the button.
    await page.reload();
    await rendered(page, 'events');
    assert.equal(await page.locator(testid('register')).count(), 0);
    assert.equal(await page.locator(testid('registration-outcome')).getAttribute('data-status'), 'WAITLISTED');
    await done();
  });

  test('signing out ends the session on the server, not only in the page', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/mijn', 'aanmelden');
    await signIn(page);
    await rendered(page, 'mijn');
    const token = await page.evaluate(() => sessionStorage.getItem('lode.session'));
    assert.ok(token, 'the session is kept for this tab');
    await page.click(testid('sign-out'));
    await rendered(page, 'home');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lode.session')), null);
    assert.equal(await page.locator(testid('account-link')).textContent(), 'Aanmelden');
    const after = await post('{ me { email } }', {}, token);
    assert.equal(after.status, 401, 'the old token no longer signs anyone in');
    await done();
  });

  test('an event page keeps showing the door code after sign-ups close', async () => {
    const event = await openEvent('Datawandeling Sint-Pieters', 5);
    const { page, done } = await openPage();
    await visit(page, `#/aanmelden?terug=${encodeURIComponent(`#/events/${event.slug}`)}`, 'aanmelden');
    await signIn(page);
    await page.click(testid('register'));
    await page.locator(testid('registration-outcome')).waitFor();
    const closed = new Date(Date.now() - 60_000).toISOString();
    await graphql('mutation($id: ID!, $c: DateTime!) { updateEvent(input: { id: $id, registrationClosesAt: $c }) { event { id } } }', { id: event.id, c: closed });
    await page.reload();
    await rendered(page, 'events');
    const [registration] = await registrationsOf(event.id);
    const outcome = page.locator(testid('registration-outcome'));
    assert.ok((await outcome.textContent()).includes(registration.code));
    assert.equal(await page.locator(testid('register')).count(), 0, 'no new sign-ups');
    await done();
  });

  test('a session that ended on the server sends the partner to sign in, saying why', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/mijn', 'aanmelden');
    await signIn(page);
    await rendered(page, 'mijn');
    const token = await page.evaluate(() => sessionStorage.getItem('lode.session'));
    const revoked = await post('mutation { revokeSessions(input: {}) { ended } }', {}, token);
    assert.equal((await revoked.json()).errors, undefined);
    await page.reload();
    await rendered(page, 'aanmelden');
    assert.ok(await page.locator(testid('session-ended')).isVisible());
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lode.session')), null, 'the dead token is forgotten');
    assert.equal(await page.locator(testid('account-link')).textContent(), 'Aanmelden');
    await done([/status of 401/]);
  });

  test('a wrong password gets one plain message and no session', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/aanmelden', 'aanmelden');
    await signIn(page, { ...PARTNER, password: 'niet-het-juiste-wachtwoord' });
    const message = page.locator(`${testid('signin-form')} ${testid('error-message')}`);
    await message.waitFor();
    assert.equal(await message.getAttribute('data-code'), 'UNAUTHENTICATED');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lode.session')), null);
    assert.equal(await page.locator(testid('account-link')).textContent(), 'Aanmelden');
    await done();
  });
});

describe('becoming a partner', () => {
  test('the form makes an account and a profile that waits for the team, out of public view', async () => {
    const newcomer = { email: 'hallo@buurtdata.example', password: 'een-lang-wachtwoord' };
    const { page, done } = await openPage();
    await visit(page, '#/aanmelden', 'aanmelden');
    await page.click(testid('join-link'));
    await rendered(page, 'word-partner');
    await page.fill(testid('join-partnerName'), 'Buurtdata vzw');
    await page.selectOption(testid('join-stakeholderType'), 'CIVIC_ORGANISATION');
    await page.selectOption(testid('join-homeCity'), 'BRUGGE');
    await page.fill(testid('join-contactName'), 'Noor Vermeulen');
    await page.fill(testid('join-contactEmail'), 'noor@buurtdata.example');
    await page.fill(testid('join-contactPhone'), 'geen nummer');
    await page.fill(testid('join-email'), newcomer.email);
    await page.fill(testid('join-password'), newcomer.password);
    await page.check(testid('join-terms'));
    await page.click(testid('join-submit'));
    // The server refuses the phone number: the form says which field, and nothing was stored.
    const problem = page.locator(`${testid('join-form')} ${testid('error-message')}`);
    await problem.waitFor();
    assert.equal(await problem.getAttribute('data-field'), 'contact.phone');
    assert.equal(await page.locator(testid('join-contactPhone')).getAttribute('aria-invalid'), 'true');
    const before = await graphql('{ partners(filter: { status: [PENDING] }) { nodes { name } } }');
    assert.ok(!before.partners.nodes.some((p) => p.name === 'Buurtdata vzw'));

    await page.fill(testid('join-contactPhone'), '+32 50 12 34 56');
    await page.click(testid('join-submit'));
    await page.locator(testid('join-done')).waitFor();
    const pending = await graphql('{ partners(filter: { status: [PENDING] }) { nodes { name contact { email } } } }');
    const profile = pending.partners.nodes.find((p) => p.name === 'Buurtdata vzw');
    assert.ok(profile, 'a pending profile for the team');
    assert.equal(profile.contact.email, 'noor@buurtdata.example');
    const seen = await graphql('{ partners(first: 100) { nodes { name } } }', {}, false);
    assert.ok(!seen.partners.nodes.some((p) => p.name === 'Buurtdata vzw'), 'the public does not see it yet');

    // The new account signs in at once, but cannot register before the team approves.
    const event = await openEvent('Infosessie open data voor verenigingen', 10);
    await visit(page, `#/aanmelden?terug=${encodeURIComponent(`#/events/${event.slug}`)}`, 'aanmelden');
    await signIn(page, newcomer);
    await page.locator(testid('register-pending')).waitFor();
    assert.equal(await page.locator(testid('register')).count(), 0);
    await done();
  });
});

describe('the team', () => {
  test('an admin approves a waiting partner from Mijn LODE, and the public then sees it', async () => {
    await graphql(`mutation { signUp(input: { email: "info@fietsdata.example", password: "nog-een-lang-wachtwoord", partnerName: "Fietsdata Brugge",
          stakeholderType: COMPANY, contact: { name: "Jan Peeters", email: "jan@fietsdata.example" }, termsVersion: "2026-11" }) { message } }`, {}, false);
    const { page, done } = await openPage();
    await visit(page, '#/mijn', 'aanmelden');
    await signIn(page, TEAM);
    await rendered(page, 'mijn');
    const item = page.locator(testid('pending-item')).filter({ hasText: 'Fietsdata Brugge' });
    await item.locator(testid('approve-partner')).click();
    await item.locator('[data-status="APPROVED"]').waitFor();
    const seen = await graphql('{ partners(filter: { stakeholderType: [COMPANY] }, first: 100) { nodes { name } } }', {}, false);
    assert.ok(seen.partners.nodes.some((p) => p.name === 'Fietsdata Brugge'), 'now public');
    await done();
  });

  test('checks partners in at the door of the event chosen, once each, and refuses a code for another event, naming it', async () => {
    const event = await openEvent('Cocreatiesessie parkeersensoren', 10);
    const other = await openEvent('Cocreatie fietsenstallingen', 10);
    const { partners } = await graphql('{ partners(filter: { status: [APPROVED] }, first: 2) { nodes { id name } } }');
    const [guest, expected] = partners.nodes;
    const code = await registrationCode(event.id, guest.id);
    const expectedCode = await registrationCode(event.id, expected.id);
    const otherCode = await registrationCode(other.id, guest.id);
    await startNow(event.id);

    const { page, done } = await openPage();
    await visit(page, '#/deur', 'aanmelden');
    await signIn(page, TEAM);
    await rendered(page, 'deur');
    assert.equal(await page.locator(testid('checkin-form')).count(), 0, 'the event comes first');
    const offered = await page.locator(`${testid('door-event')} option`).evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    assert.ok(offered.includes(event.id), "today's event is offered");
    assert.ok(!offered.includes(other.id), "next week's is not");
    await page.selectOption(testid('door-event'), event.id);
    await page.locator(testid('checkin-form')).waitFor();
    await rendered(page, 'deur');
    const arrivals = page.locator(testid('door-arrivals'));
    assert.deepEqual([await arrivals.getAttribute('data-arrived'), await arrivals.getAttribute('data-expected')], ['0', '2']);

    const result = page.locator(`${testid('checkin-result')} .notice`);
    const choice = page.locator(testid('door-choice'));
    const checkIn = async (typed) => {
      await page.fill(testid('checkin-code'), typed);
      await page.press(testid('checkin-code'), 'Enter');
      // A code with one person still to come checks in at once; with several, it shows them first, to
      // check in with the list's own button.
      await result.or(choice).waitFor();
      if (await choice.isVisible()) await page.click(testid('door-choice-submit'));
      await result.waitFor();
      const answer = { status: await result.getAttribute('data-status'), code: await result.getAttribute('data-code'), text: await result.textContent() };
      await page.evaluate(() => document.querySelector('[data-testid="checkin-result"]').replaceChildren());
      return answer;
    };
    // Typed in lower case, as people do.
    const first = await checkIn(code.toLowerCase());
    assert.equal(first.status, 'ATTENDED');
    assert.ok(first.text.includes(guest.name));
    assert.equal(await page.locator(testid('checkin-code')).inputValue(), '', 'the box is ready for the next person');
    await page.locator(`${testid('door-arrivals')}[data-arrived="1"][data-expected="2"]`).waitFor();
    assert.match(await arrivals.textContent(), /1 van de 2/);
    assert.equal((await checkIn(code)).code, 'CONFLICT', 'a code works once');
    assert.equal((await checkIn('ZZZZZZZZ')).code, 'NOT_FOUND');
    const elsewhere = await checkIn(otherCode);
    assert.equal(elsewhere.code, 'WRONG_EVENT');
    assert.ok(elsewhere.text.includes('Cocreatie fietsenstallingen'), `the event it is for is named: ${elsewhere.text}`);
    assert.equal((await registrationsOf(event.id)).filter((r) => r.status === 'ATTENDED').length, 1);
    assert.equal((await registrationsOf(other.id))[0].status, 'CONFIRMED', 'nobody is checked in elsewhere');

    // Someone checked in at another door shows up here without anything done on this page.
    await graphql('mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { status } } }', { e: event.id, c: expectedCode });
    await page.locator(`${testid('door-arrivals')}[data-arrived="2"][data-expected="2"]`).waitFor();
    await done();

    // A coordinator of Bruges is not offered Ghent's door.
    const bruges = await openPage();
    await visit(bruges.page, '#/deur', 'aanmelden');
    await signIn(bruges.page, BRUGGE);
    await rendered(bruges.page, 'deur');
    const brugesOffers = await bruges.page.locator(`${testid('door-event')} option`).evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    assert.ok(!brugesOffers.includes(event.id), "Ghent's event is not at Bruges' door");
    await bruges.done();
  });

  test('sees on a pilot case which partners fit and a suggested team; nobody else does', async () => {
    const { pilotCases } = await graphql('{ pilotCases(first: 1) { nodes { id slug } } }', {}, false);
    const [pilotCase] = pilotCases.nodes;
    const { matchPartners } = await graphql('query($id: ID!) { matchPartners(pilotCaseId: $id, first: 10) { score partner { name } } }', { id: pilotCase.id });
    const { page, done } = await openPage();
    await visit(page, `#/cases/${pilotCase.slug}`, 'cases');
    assert.equal(await page.locator(testid('case-matching')).count(), 0, 'not for the public');
    await visit(page, `#/aanmelden?terug=${encodeURIComponent(`#/cases/${pilotCase.slug}`)}`, 'aanmelden');
    await signIn(page, TEAM);
    await page.locator(testid('case-matching')).waitFor();
    const shown = page.locator(`${testid('match-list')} ${testid('match-item')}`);
    assert.equal(await shown.count(), matchPartners.length);
    const names = await shown.evaluateAll((rows) => rows.map((row) => row.querySelector('.row-main').firstChild.textContent));
    assert.deepEqual(names, matchPartners.map((m) => m.partner.name), 'the ranking the API gives');
    const scores = await shown.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-score'))));
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best first');
    assert.ok((await page.locator(`${testid('team-list')} ${testid('match-item')}`).count()) > 0, 'a suggested team');
    assert.match(await page.locator(testid('team-coverage')).textContent(), /\d+%/);
    await done();

    const partner = await openPage();
    await visit(partner.page, `#/aanmelden?terug=${encodeURIComponent(`#/cases/${pilotCase.slug}`)}`, 'aanmelden');
    await signIn(partner.page);
    await rendered(partner.page, 'cases');
    await partner.page.locator(testid('case-members')).waitFor();
    assert.equal(await partner.page.locator(testid('case-matching')).count(), 0, 'not for a partner');
    await partner.done();
  });

  test('invites a fitting partner to a case, and the partner says yes on Mijn LODE', async () => {
    const { pilotCases } = await graphql('{ pilotCases(first: 1) { nodes { id slug title members { partner { id } } } } }');
    const [pilotCase] = pilotCases.nodes;
    const { matchPartners } = await graphql('query($id: ID!) { matchPartners(pilotCaseId: $id, first: 10) { partner { id name } } }', { id: pilotCase.id });
    const taken = new Set(pilotCase.members.map((m) => m.partner.id));
    const guest = matchPartners.map((m) => m.partner).find((p) => !taken.has(p.id));
    assert.ok(guest, 'a fitting partner that is not on the case yet');
    const member = { email: 'lid@uitgenodigd.example', password: 'wachtwoord-voor-het-lid' };
    await graphql('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', {
      input: { ...member, role: 'PARTNER', partnerId: guest.id },
    });

    const team = await openPage();
    await visit(team.page, `#/aanmelden?terug=${encodeURIComponent(`#/cases/${pilotCase.slug}`)}`, 'aanmelden');
    await signIn(team.page, TEAM);
    const row = team.page.locator(`${testid('match-list')} [data-partner="${guest.id}"]`);
    await row.waitFor();
    await row.locator(testid('invite-role')).selectOption('DEVELOPER');
    await row.locator(testid('invite')).click();
    await row.getByText('Uitgenodigd').waitFor();
    const invited = await graphql('query($id: ID!) { node(id: $id) { ... on PilotCase { members { id role status partner { id } } } } }', { id: pilotCase.id });
    const membership = invited.node.members.find((m) => m.partner.id === guest.id);
    assert.deepEqual([membership.role, membership.status], ['DEVELOPER', 'INVITED']);
    await team.done();

    const { page, done } = await openPage();
    await visit(page, '#/mijn', 'aanmelden');
    await signIn(page, member);
    await rendered(page, 'mijn');
    const invitation = page.locator(testid('invitation-item')).filter({ has: page.locator(`a[href="#/cases/${pilotCase.slug}"]`) });
    assert.match(await invitation.textContent(), /als Ontwikkelaar/);
    // The team changes the role while the partner reads the invitation: the answer to the old one is not
    // saved, and the partner is told so.
    await graphql('mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, role: LEAD }) { member { id } } }', { id: membership.id });
    // The answers name the case they answer.
    await invitation.getByRole('button', { name: `Ja, we doen mee: ${pilotCase.title}` }).click();
    const refusal = invitation.locator(testid('error-message'));
    await refusal.waitFor();
    assert.equal(await refusal.getAttribute('data-code'), 'CONFLICT');
    assert.match(await refusal.textContent(), /Iemand anders wijzigde dit intussen/);
    const unanswered = await graphql('query($id: ID!) { node(id: $id) { ... on PilotCaseMember { role status } } }', { id: membership.id });
    assert.deepEqual([unanswered.node.role, unanswered.node.status], ['LEAD', 'INVITED'], 'nothing was saved');
    await refusal.getByRole('button').click();
    // Read again, the invitation shows what it now offers.
    await invitation.getByText(/als Trekker/).waitFor();
    assert.equal(await invitation.locator(testid('error-message')).count(), 0);
    await invitation.locator(testid('accept-invitation')).click();
    await invitation.waitFor({ state: 'detached' });
    const answered = await graphql('query($id: ID!) { node(id: $id) { ... on PilotCaseMember { status } } }', { id: membership.id });
    assert.equal(answered.node.status, 'ACCEPTED');
    // Both sides said yes: the public sees the partner on the case.
    await visit(page, `#/cases/${pilotCase.slug}`, 'cases');
    assert.ok((await page.locator(testid('member-list')).textContent()).includes(guest.name));
    await done();
  });

  test('a coordinator may invite only to the cases of their own cities', async () => {
    const { pilotCases } = await graphql('{ pilotCases { nodes { slug cities } } }');
    const single = pilotCases.nodes.find((c) => c.cities.length === 1);
    assert.ok(single, 'the demo data has a case in one city');
    const otherCity = single.cities[0] === 'GENT' ? 'BRUGGE' : 'GENT';
    const coordinators = { own: { email: 'eigen@stad.example', city: single.cities[0] }, other: { email: 'andere@stad.example', city: otherCity } };
    for (const { email, city } of Object.values(coordinators)) {
      await graphql('mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', {
        input: { email, password: 'wachtwoord-van-de-stad', role: 'COORDINATOR', cities: [city] },
      });
    }
    const invitesSeenBy = async ({ email }) => {
      const { page, done } = await openPage();
      await visit(page, `#/aanmelden?terug=${encodeURIComponent(`#/cases/${single.slug}`)}`, 'aanmelden');
      await signIn(page, { email, password: 'wachtwoord-van-de-stad' });
      await page.locator(testid('case-matching')).waitFor();
      const count = await page.locator(`${testid('case-matching')} ${testid('invite')}`).count();
      await done();
      return count;
    };
    assert.ok((await invitesSeenBy(coordinators.own)) > 0, "the city's own coordinator can invite");
    assert.equal(await invitesSeenBy(coordinators.other), 0, "another city's coordinator sees the ranking only");
  });

  test('the door page is the team\'s only', async () => {
    const { page, done } = await openPage();
    await visit(page, '#/deur', 'aanmelden');
    await signIn(page);
    await rendered(page, 'deur');
    assert.equal(await page.locator(testid('error-message')).getAttribute('data-code'), 'FORBIDDEN');
    assert.equal(await page.locator(testid('checkin-form')).count(), 0);
    await done();
  });
});

describe('accessibility', () => {
  test('every page, public, partner and team, passes the WCAG 2.1 AA rules axe can check', async () => {
    // Only this test lifts the page's CSP, to load axe into it.
    const { page, done } = await openPage({ bypassCSP: true });
    const found = [];
    const audit = async (hash, route) => {
      await visit(page, hash, route);
      found.push(...(await violations(page)).map((v) => `${hash || '#/'} ${v}`));
    };
    const firstRecord = async (list, item) => {
      await visit(page, `#/${list}`, list);
      return page.locator(`${testid(item)} .card-title a`).first().getAttribute('href');
    };
    for (const [hash, route] of [['', 'home'], ['#/domeinen', 'domeinen'], ['#/cases', 'cases'], ['#/partners', 'partners'], ['#/events', 'events'],
      ['#/verhalen', 'verhalen'], ['#/datasets', 'datasets'], ['#/zoeken?q=lucht', 'zoeken'], ['#/aanmelden', 'aanmelden'], ['#/word-partner', 'word-partner'], ['#/nergens', 'nergens']]) {
      await audit(hash, route);
    }
    const records = [['domeinen', 'domain-item'], ['cases', 'case-item'], ['partners', 'partner-item'], ['events', 'event-item'], ['verhalen', 'story-item'], ['datasets', 'dataset-item']];
    const details = [];
    for (const [list, item] of records) details.push([await firstRecord(list, item), list]);
    for (const [hash, route] of details) await audit(hash, route);

    await visit(page, '#/aanmelden?terug=%23%2Fmijn', 'aanmelden');
    await signIn(page);
    await rendered(page, 'mijn');
    await audit('#/mijn', 'mijn');
    await page.click(testid('sign-out'));
    await rendered(page, 'home');
    await visit(page, '#/aanmelden?terug=%23%2Fdeur', 'aanmelden');
    await signIn(page, TEAM);
    await rendered(page, 'deur');
    await audit('#/deur', 'deur');
    const today = await openEvent('Sessie van vandaag', 10);
    await startNow(today.id);
    await audit(`#/deur?evenement=${encodeURIComponent(today.id)}`, 'deur');
    await page.locator(testid('checkin-form')).waitFor();
    await audit('#/mijn', 'mijn');
    const casePage = details.find(([, route]) => route === 'cases')[0];
    await visit(page, casePage, 'cases');
    await page.locator(testid('case-matching')).waitFor();
    found.push(...(await violations(page)).map((v) => `${casePage} (team) ${v}`));
    assert.deepEqual(found, [], 'no WCAG violations');
    await done();
  });
});
