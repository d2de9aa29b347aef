// The Dutch and English texts of the front end (js/i18n/nl.js and en.js): the same keys, the same
// {placeholders} in each text, and the same enum values labelled in the same order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as nl from '../../js/i18n/nl.js';
import * as en from '../../js/i18n/en.js';

/** The placeholders of a text, sorted: "{n} van {total}" → ['n', 'total']. */
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The keys one table has and the other lacks. */
const missing = (from, to) => Object.keys(from).filter((key) => !Object.prototype.hasOwnProperty.call(to, key));

describe('the Dutch and English texts', () => {
  test('have exactly the same keys', () => {
    assert.deepEqual(missing(nl.text, en.text), [], 'keys of nl.js that en.js lacks');
    assert.deepEqual(missing(en.text, nl.text), [], 'keys of en.js that nl.js lacks');
  });

  test('have the same placeholders in each text', () => {
    const differ = Object.keys(nl.text)
      .filter((key) => key in en.text)
      .filter((key) => placeholders(nl.text[key]).join() !== placeholders(en.text[key]).join())
      .map((key) => `${key}: nl {${placeholders(nl.text[key])}} en {${placeholders(en.text[key])}}`);
    assert.deepEqual(differ, []);
  });

  test('are all non-empty strings', () => {
    for (const table of [nl.text, en.text]) {
      for (const [key, value] of Object.entries(table)) assert.ok(typeof value === 'string' && value.trim(), key);
    }
  });

  test('label the same enum values, in the same order', () => {
    assert.deepEqual(Object.keys(en.enumLabels), Object.keys(nl.enumLabels));
    for (const [enumName, labels] of Object.entries(nl.enumLabels)) {
      assert.deepEqual(Object.keys(en.enumLabels[enumName]), Object.keys(labels), enumName);
      for (const [value, label] of Object.entries(en.enumLabels[enumName])) assert.ok(label.trim(), `${enumName}.${value}`);
    }
  });
});
