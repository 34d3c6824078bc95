import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../src/store/index.js';

test('openStore rejects options that name no database, or two', async () => {
  await assert.rejects(openStore({}), { name: 'TypeError', message: "openStore: give url (PostgreSQL) or sqlitePath (a file path or ':memory:')" });
  await assert.rejects(openStore({ url: 'postgres://x/y', sqlitePath: ':memory:' }), {
    name: 'TypeError', message: 'openStore: give either url or sqlitePath, not both',
  });
  await assert.rejects(openStore({ url: 'mysql://root:hunter2@db/x' }), {
    name: 'TypeError', message: 'openStore: url must be a postgres:// or postgresql:// URL',
  });
  await assert.rejects(openStore({ url: 'postgres://u:hunter2@[::1/db' }), {
    name: 'TypeError', message: 'openStore: url is not a valid URL',
  });
  await assert.rejects(openStore({ sqlitePath: ':memory:', busyTimeoutMs: -5 }), {
    name: 'TypeError', message: 'openStore: busyTimeoutMs must be a non-negative integer',
  });
});
