// The front end stays in files a reader can take in: none over 600 lines (its tests, its packages and
// the files npm generates aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRONTEND = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LINES = 600;
const LEFT_OUT = new Set(['node_modules', 'tests']);
// Written by npm, not by a person: its length follows the packages' dependency trees.
const GENERATED = new Set(['package-lock.json']);

/** The front end's own files, by their path below frontend/. */
function files(dir = FRONTEND) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return dir === FRONTEND && LEFT_OUT.has(name) ? [] : files(path);
    return dir === FRONTEND && GENERATED.has(name) ? [] : [relative(FRONTEND, path)];
  });
}

test(`no file of the front end is over ${MAX_LINES} lines`, () => {
  const long = files()
    .map((file) => [file, readFileSync(join(FRONTEND, file), 'utf8').split('\n').length - 1])
    .filter(([, lines]) => lines > MAX_LINES)
    .map(([file, lines]) => `${file}: ${lines} lines`);
  assert.deepEqual(long, []);
});

test('the rule counts the files people write, and not those npm generates', () => {
  const counted = new Set(files());
  for (const file of ['index.html', 'package.json', join('js', 'main.js'), join('css', 'base.css')]) {
    assert.ok(counted.has(file), `${file} is counted`);
  }
  assert.ok(!counted.has('package-lock.json'), 'package-lock.json is not counted');
});
