import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CHECKS, RULE_CODES } from '../../src/spec/index.js';

const docs = readFileSync(new URL('../../docs/lint.md', import.meta.url), 'utf8');

test('docs/lint.md has a section for every rule id and none for rules that no longer exist', () => {
  const documented = [...docs.matchAll(/^### ([a-z-]+)$/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...RULE_CODES].sort());
});

test('docs/lint.md lists every check of the pipeline, in order', () => {
  const rows = [...docs.matchAll(/^\| (\d+) \| [^|]+ \| `(check-[a-z-]+)\.ts`/gm)].map((m) => m[2]);
  const files = CHECKS.map(([name]) => (name === 'field-types' || name === 'unknown-fields' ? 'check-field-schema' : `check-${name}`));
  assert.deepEqual(rows, files);
});
