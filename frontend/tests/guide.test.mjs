// The user guide in README.md: its screenshots are taken by `cargo run -p lode-tests --bin screenshots`
// (frontend/tools/screenshots.mjs). Here the same shots are taken into a folder of the test's own, so the
// command keeps working as the pages change: each page renders as its role without an error, and each shot
// is one the README shows and the repository holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { theBrowser } from './support/browser.mjs';
import { takeScreenshots } from '../tools/screenshots.mjs';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const DOCS = new URL('../../docs/screenshots/', import.meta.url);

test("the user guide's screenshots are taken, one page per role's job, without an error", async () => {
  const folder = mkdtempSync(join(tmpdir(), 'lode-guide-'));
  try {
    const taken = await takeScreenshots(theBrowser(), folder);
    assert.ok(taken.length >= 8, `only ${taken.length} shots`);
    for (const { file, heading, problems } of taken) {
      const name = basename(file);
      assert.deepEqual(problems, [], `${name}: no script errors or failed requests`);
      assert.ok(heading && heading.trim(), `${name}: the page has its heading`);
      assert.ok(statSync(file).size > 10_000, `${name} holds a picture`);
      assert.ok(README.includes(`docs/screenshots/${name}`), `README.md shows ${name}`);
      assert.ok(existsSync(new URL(name, DOCS)), `docs/screenshots/${name} is committed`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
