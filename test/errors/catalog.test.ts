import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, KeyflowError } from '../../src/errors/index.js';

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = [...docs.matchAll(/^## (ERR_[A-Z_]+)$/gm)].map((m) => m[1] ?? "");

test('every error code has a section in docs/errors.md', () => {
  const missing = Object.keys(ERROR_CODES).filter((code) => !documented.includes(code));
  assert.deepEqual(missing, []);
});

test('docs/errors.md documents no code that no longer exists', () => {
  const stale = documented.filter((code) => !(code in ERROR_CODES));
  assert.deepEqual(stale, []);
});

test('KeyflowError carries code, status and expose from the catalog', () => {
  const err = new KeyflowError('ERR_STORE_CONFLICT', 'run moved on');
  assert.equal(err.code, 'ERR_STORE_CONFLICT');
  assert.equal(err.status, 409);
  assert.equal(err.expose, true);
  assert.equal(err.message, 'run moved on');
  const internal = new KeyflowError('ERR_STORE_UNAVAILABLE', 'db down');
  assert.equal(internal.status, 503);
  assert.equal(internal.expose, false);
});
