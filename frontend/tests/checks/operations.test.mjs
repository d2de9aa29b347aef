// Every GraphQL operation of the front end (the exports of js/queries.js, and of js/queries/*.js for the
// team's workspace, one module per part) against the API's committed schema (schema.graphql at the
// repository's root), with graphql-js: a change of the schema that breaks a page breaks this test. No other
// module writes an operation or sends one that is not in those modules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLEnumType, Kind, buildSchema, parse, validate } from 'graphql';
import * as publicOperations from '../../js/queries.js';
import { enumLabels } from '../../js/i18n/nl.js';

const JS = fileURLToPath(new URL('../../js/', import.meta.url));
const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));

/** Whether a module (its path below js/) holds operations: queries.js, or one of queries/. */
const holdsOperations = (/** @type {string} */ file) => file === 'queries.js' || file.startsWith('queries/');

/** The team's operation modules, by their path below js/. */
const teamModules = readdirSync(join(JS, 'queries')).filter((name) => name.endsWith('.js')).map((name) => `queries/${name}`);
/** Every operation, by its export's name (the names are unique across the modules). */
const operations = { ...publicOperations };
const exportedTwice = [];
for (const file of teamModules) {
  for (const [name, text] of Object.entries(await import(new URL(`../../js/${file}`, import.meta.url).href))) {
    if (name in operations) exportedTwice.push(`${file}: ${name}`);
    operations[name] = text;
  }
}

/** Every module of the front end, by its path below js/. */
function modules(dir = JS) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modules(path) : name.endsWith('.js') ? [relative(JS, path)] : [];
  });
}

describe('the GraphQL operations of the front end', () => {
  const entries = Object.entries(operations);

  test('queries.js and queries/*.js export operations, and only operations, each under its own name', () => {
    assert.ok(entries.length >= 20, `only ${entries.length} operations`);
    assert.deepEqual(exportedTwice, [], 'exports of the same name in two modules');
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

  test('no other module writes an operation, and every request sends one of the operation modules', () => {
    const operation = /\b(query|mutation|subscription)\s+[A-Za-z_]\w*\s*[({]|\bfragment\s+\w+\s+on\s/;
    for (const file of modules()) {
      if (holdsOperations(file)) continue;
      const source = readFileSync(join(JS, file), 'utf8');
      assert.doesNotMatch(source, operation, `${file} writes a GraphQL operation: it belongs in queries.js or queries/`);
      for (const call of source.matchAll(/(?<!function )\bgql\(\s*([^,)]*)/g)) {
        assert.match(call[1], /^[a-z][A-Za-z]*\.[A-Z_]+$/, `${file} sends ${call[1]}, not an operation of an operation module`);
        assert.ok(call[1].split('.')[1] in operations, `${file} sends ${call[1]}, which no operation module exports`);
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
