// Every GraphQL operation of the front end (the exports of js/queries.js) against the API's committed
// schema (schema.graphql at the repository's root), with graphql-js: a change of the schema that breaks a
// page breaks this test. No other module writes an operation or sends one that is not in queries.js.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLEnumType, Kind, buildSchema, parse, validate } from 'graphql';
import * as operations from '../../js/queries.js';
import { enumLabels } from '../../js/i18n/nl.js';

const JS = fileURLToPath(new URL('../../js/', import.meta.url));
const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));

/** Every module of the front end, by its path below js/. */
function modules(dir = JS) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modules(path) : name.endsWith('.js') ? [relative(JS, path)] : [];
  });
}

describe('the GraphQL operations of the front end', () => {
  const entries = Object.entries(operations);

  test('queries.js exports operations, and only operations', () => {
    assert.ok(entries.length >= 20, `only ${entries.length} operations`);
    for (const [name, text] of entries) assert.equal(typeof text, 'string', `${name} is an operation's text`);
  });

  for (const [name, text] of entries) {
    test(`${name} is one named operation that the schema accepts`, () => {
      const document = parse(text);
      const defined = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      assert.equal(defined.length, 1, `${name} holds one operation`);
      assert.ok(defined[0].name, `${name} is named (the logs show an operation's name)`);
      const errors = validate(schema, document).map((e) => e.message);
      assert.deepEqual(errors, [], `${name} does not fit schema.graphql:\n${errors.join('\n')}`);
    });
  }

  test('no two operations have the same name', () => {
    const names = entries.map(([, text]) => parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION).name.value);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  test('no other module writes an operation, and every request sends one of queries.js', () => {
    const operation = /\b(query|mutation|subscription)\s+[A-Za-z_]\w*\s*[({]|\bfragment\s+\w+\s+on\s/;
    for (const file of modules()) {
      if (file === 'queries.js') continue;
      const source = readFileSync(join(JS, file), 'utf8');
      assert.doesNotMatch(source, operation, `${file} writes a GraphQL operation: it belongs in queries.js`);
      for (const call of source.matchAll(/(?<!function )\bgql\(\s*([^,)]*)/g)) {
        assert.match(call[1], /^queries\.[A-Z_]+$/, `${file} sends ${call[1]}, not an operation of queries.js`);
        assert.ok(call[1].slice('queries.'.length) in operations, `${file} sends ${call[1]}, which queries.js lacks`);
      }
    }
  });
});

describe('the labels of the API enums', () => {
  for (const [enumName, labels] of Object.entries(enumLabels)) {
    test(`${enumName} has a label for each of its values, and for nothing else`, () => {
      const type = schema.getType(enumName);
      assert.ok(type instanceof GraphQLEnumType, `${enumName} is an enum of schema.graphql`);
      const values = type.getValues().map((v) => v.name).sort();
      assert.deepEqual(Object.keys(labels).sort(), values);
    });
  }
});
