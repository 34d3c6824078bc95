import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMigrations } from '../../../src/store/migrate.js';
import { freshNamespace, newRun, node, openFor, type StoreHarness } from './harness.js';

/** Opening, reopening, closing and migrating. */
export function registerLifecycleTests(h: StoreHarness): void {
  test('data written by one store survives close and is read by a store opened later', async (t) => {
    const writer = await h.open();
    const run = newRun(freshNamespace(), { labels: { keep: 'me' } });
    await writer.createRun(run, [node('a')]);
    await writer.commitTransition({ uid: run.uid, expectedVersion: 1, phase: 'Running', state: { s: 1 }, upsertNodes: [node('b')] });
    const resource = await writer.putResource({ kind: 'Role', namespace: run.namespace, name: 'r', manifest: { rules: [] } });
    await writer.close();
    const reader = await openFor(t, h);
    assert.deepEqual(await reader.getRunByUid(run.uid), { ...run, phase: 'Running', state: { s: 1 }, resourceVersion: 2 });
    assert.deepEqual(await reader.listNodes(run.uid), [node('a'), node('b')]);
    assert.deepEqual(await reader.getResource('Role', run.namespace, 'r'), resource);
  });

  test('migrate() is idempotent: repeated calls change neither schema nor data and record each migration once', async (t) => {
    const fresh = await h.freshDatabase();
    t.after(() => fresh.dispose());
    const store = await fresh.open();
    t.after(() => store.close());
    const run = newRun('ns');
    await store.createRun(run, [node('a')]);
    const schema = await fresh.schema();
    await store.migrate();
    await store.migrate();
    assert.equal(await fresh.schema(), schema);
    const files = await loadMigrations(h.dialect);
    assert.deepEqual(await fresh.query('select version, name from migrations order by version'), files.map((m) => ({ version: m.version, name: m.file })));
    assert.equal((await store.getRunByUid(run.uid))?.resourceVersion, 1);
    assert.deepEqual(await store.listNodes(run.uid), [node('a')]);
  });

  test('stores opening a new database at the same time apply each migration exactly once', async (t) => {
    const fresh = await h.freshDatabase();
    t.after(() => fresh.dispose());
    const stores = await Promise.all([fresh.open(), fresh.open(), fresh.open(), fresh.open()]);
    t.after(() => Promise.all(stores.map((s) => s.close())));
    const files = await loadMigrations(h.dialect);
    assert.deepEqual(await fresh.query('select version from migrations order by version'), files.map((m) => ({ version: m.version })));
    const run = newRun('ns');
    await stores[3]!.createRun(run, []);
    assert.equal((await stores[0]!.getRunByUid(run.uid))?.uid, run.uid);
  });

  test('a database migrated by a newer Keyflow is refused with ERR_STORE_MIGRATION', async (t) => {
    const fresh = await h.freshDatabase();
    t.after(() => fresh.dispose());
    const store = await fresh.open();
    await store.close();
    await fresh.query("insert into migrations (version, name, applied_at) values (999, '0999_future.sql', '2030-01-01T00:00:00Z')");
    const known = (await loadMigrations(h.dialect)).length;
    await assert.rejects(fresh.open(), {
      name: 'StoreError', code: 'ERR_STORE_MIGRATION',
      message: `the database at ${fresh.location} is at schema version 999, newer than this Keyflow knows (${known}); upgrade Keyflow`,
    });
  });

  test('a closed store refuses work with ERR_STORE_UNAVAILABLE, and closing twice is harmless', async () => {
    const store = await h.open();
    await store.close();
    await store.close();
    await assert.rejects(store.getRunByUid('x'), {
      name: 'StoreError', code: 'ERR_STORE_UNAVAILABLE', message: `the store for ${h.location} is closed`,
    });
  });

  test('close waits for operations already started, which complete', async () => {
    const store = await h.open();
    const runs = Array.from({ length: 20 }, () => newRun(freshNamespace()));
    const writes = runs.map((run) => store.createRun(run, [node('a')]));
    await store.close();
    assert.equal((await Promise.allSettled(writes)).filter((r) => r.status === 'fulfilled').length, 20);
    const reader = await h.open();
    try {
      assert.equal((await reader.getRunByUid(runs[19]!.uid))?.uid, runs[19]!.uid);
    } finally {
      await reader.close();
    }
  });
}
