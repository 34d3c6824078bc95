/**
 * Conformance: every example of ../shared/conformance/argo-examples marked local=yes runs on the real
 * engine (SQLite, bubblewrap sandbox) and ends in the phase INDEX.tsv expects. Exclusions are listed
 * with their reason in EXCLUDED and in the README.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXCLUDED, readIndex, runCorpus, verdictOk } from './run-corpus.js';

test('every local Argo example ends in its expected phase (exclusions listed with reasons)', { timeout: 900_000 }, async () => {
  const rows = readIndex().filter((r) => r.local === 'yes' && r.expected !== 'n/a' && !EXCLUDED[r.path]);
  const results = await runCorpus(rows, 400_000);
  const failed = results.filter((r) => !verdictOk(r));
  const byPath = new Set(results.map((r) => r.path));
  console.log(`argo-examples conformance: ${results.length - failed.length} of ${results.length} workflows passed `
    + `(${byPath.size} files; ${Object.keys(EXCLUDED).length} files excluded)`);
  for (const r of failed) console.log(`  FAIL ${r.path}: ${r.phase} (expected ${r.expected}) ${r.message ?? ''}`);
  assert.deepEqual(failed.map((r) => `${r.path}: ${r.phase} (expected ${r.expected}) ${r.message ?? ''}`), []);
  assert.ok(results.length >= 90, `expected the corpus to yield at least 90 workflows, got ${results.length}`);
});
