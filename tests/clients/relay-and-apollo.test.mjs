// Relay and Apollo Client against a running LODE (`LODE_URL`, with the demo data): relay-compiler compiles
// the operations in `relay/Clients.js` against the committed `schema.graphql` (it refuses a schema that
// breaks its rules for connections, `node` and `@refetchable`), and Apollo Client 4 runs the texts it
// generates, over HTTP (GET for queries, automatic persisted queries) and over graphql-ws, the way a
// client application would configure it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { filter, firstValueFrom, from } from 'rxjs';
import WebSocket from 'ws';

const url = process.env.LODE_URL;
const here = fileURLToPath(new URL('.', import.meta.url));
const generated = `${here}relay/__generated__`;

/** The query text relay-compiler generated for an operation. */
async function relayText(name) {
  const artifact = await import(`${generated}/${name}.graphql.js`);
  const text = artifact.default.params.text;
  assert.ok(text, `relay-compiler wrote the text of ${name}`);
  return gql(text);
}

/** Every GraphQL request the client sent, as the server saw it (method and whether the text was sent). */
const sent = [];
const countingFetch = (input, init) => {
  const method = init?.method ?? 'GET';
  const target = new URL(input);
  const body = init?.body ? JSON.parse(init.body) : null;
  const hasText = method === 'GET' ? target.searchParams.has('query') : Boolean(body?.query);
  sent.push({ method, hasText });
  return fetch(input, init);
};

let client;
let wsClient;

/** Watches a query the way a component would, until its first result has arrived. */
async function watch(query, variables) {
  const observable = client.watchQuery({ query, variables });
  const watching = observable.subscribe(() => {});
  const result = await firstValueFrom(from(observable).pipe(filter((r) => !r.loading)));
  return { observable, result, stop: () => watching.unsubscribe() };
}

before(async () => {
  assert.ok(url, 'LODE_URL names the server');
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  execFileSync(`${here}node_modules/.bin/relay-compiler`, [], { cwd: here, stdio: 'inherit' });
  const possibleTypes = await (await fetch(`${url}/graphql/possible-types.json`)).json();
  wsClient = createClient({ url: `${url.replace(/^http/, 'ws')}/graphql/ws`, webSocketImpl: WebSocket });
  const http = ApolloLink.from([
    new PersistedQueryLink({
      sha256: (text) => createHash('sha256').update(text).digest('hex'),
      useGETForHashedQueries: true,
    }),
    new HttpLink({ uri: `${url}/graphql`, fetch: countingFetch, useGETForQueries: true }),
  ]);
  const link = ApolloLink.split(
    ({ query }) => query.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription'),
    new GraphQLWsLink(wsClient),
    http,
  );
  client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      possibleTypes,
      typePolicies: {
        Query: { fields: { events: relayStylePagination(['filter', 'orderBy']), search: relayStylePagination(['query', 'filter']) } },
      },
    }),
  });
});

after(async () => {
  await wsClient?.dispose();
  client?.stop();
});

test('the server describes every interface and union for Apollo', async () => {
  const possibleTypes = await (await fetch(`${url}/graphql/possible-types.json`)).json();
  assert.ok(possibleTypes.Node.includes('CoCreationEvent'));
  assert.ok(possibleTypes.Node.includes('Account'));
  assert.deepEqual(
    [...possibleTypes.SearchRecord].sort(),
    ['CoCreationEvent', 'Dataset', 'Partner', 'PilotCase', 'SuccessStory', 'ValueDomain'],
  );
});

test('pages of a connection merge into one list', async () => {
  const query = await relayText('ClientsEventsQuery');
  const { observable, result, stop } = await watch(query, { first: 2 });
  const page = result.data.events;
  assert.equal(page.edges.length, 2);
  assert.ok(page.pageInfo.hasNextPage, 'the demo data holds more than two events');
  await observable.fetchMore({ variables: { first: 2, after: page.pageInfo.endCursor } });
  const merged = client.readQuery({ query, variables: { first: 2 } }).events.edges;
  stop();
  assert.equal(merged.length, 4, 'the second page is appended to the first');
  assert.equal(new Set(merged.map((e) => e.node.id)).size, 4, 'no record twice');
});

test('search pages merge and the fields of its union members arrive', async () => {
  const query = await relayText('ClientsSearchQuery');
  const { observable, result, stop } = await watch(query, { query: '', first: 3 });
  const page = result.data.search;
  assert.equal(page.edges.length, 3);
  assert.ok(page.totalCount > 3);
  assert.ok(page.facets.length > 0, 'facets come beside the connection');
  await observable.fetchMore({ variables: { query: '', first: 3, after: page.pageInfo.endCursor } });
  const merged = client.readQuery({ query, variables: { query: '', first: 3 } }).search.edges;
  stop();
  assert.equal(merged.length, 6, 'the second page is appended to the first');
  for (const { node } of merged) {
    assert.ok(node.id, `the Node fragment's id arrives on a ${node.__typename}`);
    if (['CoCreationEvent', 'PilotCase'].includes(node.__typename)) assert.ok(node.title);
    if (node.__typename === 'Partner') assert.ok(node.name);
  }
});

test('a fragment is refetched through node(id:)', async () => {
  const events = await client.query({ query: await relayText('ClientsEventsQuery'), variables: { first: 1 } });
  const { id, title } = events.data.events.edges[0].node;
  const refetched = await client.query({ query: await relayText('ClientsEventRefetchQuery'), variables: { id }, fetchPolicy: 'network-only' });
  assert.equal(refetched.data.node.__typename, 'CoCreationEvent');
  assert.equal(refetched.data.node.id, id);
  assert.equal(refetched.data.node.title, title);
});

test('a mutation signs in, and the account is refetched through node(id:) with its token only', async () => {
  const login = await client.mutate({
    mutation: await relayText('ClientsLoginMutation'),
    variables: { input: { email: process.env.LODE_PARTNER_EMAIL, password: process.env.LODE_PARTNER_PASSWORD } },
  });
  const { token, account } = login.data.login;
  assert.equal(account.role, 'PARTNER');
  const query = await relayText('ClientsAccountRefetchQuery');
  const own = await client.query({ query, variables: { id: account.id }, fetchPolicy: 'network-only', context: { headers: { authorization: `Bearer ${token}` } } });
  assert.equal(own.data.node.email, process.env.LODE_PARTNER_EMAIL);
  const anonymous = await client.query({ query, variables: { id: account.id }, fetchPolicy: 'network-only' });
  assert.equal(anonymous.data.node, null, 'nobody else reads the account');
});

test('errors come back as documented: each errored field is null beside its error', async () => {
  const result = await client.query({ query: await relayText('ClientsMissingQuery'), variables: { slug: 'no-such-record' }, errorPolicy: 'all', fetchPolicy: 'network-only' });
  assert.deepEqual(result.data, { missing: null, alsoMissing: null }, 'every field is present, and null');
  assert.ok(CombinedGraphQLErrors.is(result.error));
  const errors = result.error.errors.map((e) => [e.path.join('.'), e.extensions.code]).sort();
  assert.deepEqual(errors, [['alsoMissing', 'NOT_FOUND'], ['missing', 'NOT_FOUND']]);
});

test('queries go out as GET with their hash, and with their text only when the server does not know it', async () => {
  // A text no earlier request sent, so the server cannot know its hash yet.
  const query = gql(`query ClientsPersisted { unique${Date.now()}: __typename }`);
  sent.length = 0;
  await client.query({ query, fetchPolicy: 'network-only' });
  await client.query({ query, fetchPolicy: 'network-only' });
  assert.deepEqual(sent, [
    { method: 'GET', hasText: false },
    { method: 'GET', hasText: true },
    { method: 'GET', hasText: false },
  ]);
});

test('a subscription delivers the seats of an event', async () => {
  const events = await client.query({ query: await relayText('ClientsEventsQuery'), variables: { first: 1 } });
  const eventId = events.data.events.edges[0].node.id;
  const query = await relayText('ClientsSeatsSubscription');
  const seats = await new Promise((resolve, reject) => {
    const subscription = client.subscribe({ query, variables: { eventId } }).subscribe({
      next: (result) => {
        subscription.unsubscribe();
        result.error ? reject(result.error) : resolve(result.data.eventSeatsChanged);
      },
      error: reject,
    });
  });
  assert.equal(seats.eventId, eventId);
  assert.equal(typeof seats.seatsTaken, 'number');
});
