// The GraphQL-over-HTTP spec's server audits (graphql-http's `serverAudits`) against a LODE server: the
// base URL in LODE_URL, its endpoint /graphql. Each audit is one test: a MUST or SHOULD that does not pass
// fails it; a MAY that does not pass is reported (as the test's diagnostic, `MAY not met, <id>: …`) and passes,
// for the spec leaves it to the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAudits } from 'graphql-http';

const base = process.env.LODE_URL;
assert.ok(base, 'LODE_URL names the server to audit (http://127.0.0.1:PORT)');
const url = new URL('/graphql', base).toString();

const audits = serverAudits({ url });

test('the audits are there to run', () => {
  // graphql-http 1.23 has 61; fewer would mean the package changed what it checks.
  assert.ok(audits.length >= 61, `only ${audits.length} audits`);
});

for (const { id, name, fn } of audits) {
  test(`${id}: ${name}`, async (t) => {
    const result = await fn();
    if (result.status === 'ok') return;
    const response = result.response;
    const body = response ? await response.text().catch(() => '') : '';
    const answer = response ? `${response.status} ${body.slice(0, 300)}` : '';
    if (name.startsWith('MAY')) {
      t.diagnostic(`MAY not met, ${id}: ${result.reason} (${answer})`);
      return;
    }
    assert.fail(`${result.reason}: ${answer}`);
  });
}
