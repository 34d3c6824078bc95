import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { dumpSchema } from '../../src/store/dump-schema.js';
import { openBackend } from '../../src/store/open-backend.js';
import { registerStoreContract, type FreshDatabase } from './contract.js';
import { newRun } from './contract/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'kf-store-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const shared = join(dir, 'contract.db');

function sqliteDatabase(path: string): FreshDatabase {
  return {
    location: path,
    open: () => openStore({ sqlitePath: path }),
    query: async (statement) => {
      const db = new Database(path);
      try {
        const prepared = db.prepare(statement);
        if (prepared.reader) return prepared.all() as Array<Record<string, unknown>>;
        prepared.run();
        return [];
      } finally {
        db.close();
      }
    },
    schema: async () => {
      const backend = await openBackend({ sqlitePath: path });
      try {
        return await dumpSchema(backend);
      } finally {
        await backend.close();
      }
    },
    dispose: async () => rmSync(path, { force: true }),
  };
}

registerStoreContract('SQLite (file)', {
  dialect: 'sqlite',
  location: shared,
  open: (options) => openStore({ sqlitePath: shared, ...options }),
  freshDatabase: async () => sqliteDatabase(join(dir, `fresh-${randomUUID()}.db`)),
});

describe('SQLite store', () => {
  test('opens the file in WAL mode', async (t) => {
    const path = join(dir, 'wal.db');
    const store = await openStore({ sqlitePath: path });
    t.after(() => store.close());
    assert.deepEqual(await sqliteDatabase(path).query('pragma journal_mode'), [{ journal_mode: 'wal' }]);
  });

  test('an in-memory store works and is private to its store', async (t) => {
    const a = await openStore({ sqlitePath: ':memory:' });
    const b = await openStore({ sqlitePath: ':memory:' });
    t.after(() => Promise.all([a.close(), b.close()]));
    const run = newRun('ns');
    await a.createRun(run, []);
    assert.equal((await a.getRunByUid(run.uid))?.uid, run.uid);
    assert.equal(await b.getRunByUid(run.uid), undefined);
  });

  test('a writer that cannot get the write lock within busyTimeoutMs fails with ERR_STORE_UNAVAILABLE', async (t) => {
    const path = join(dir, 'busy.db');
    const store = await openStore({ sqlitePath: path, busyTimeoutMs: 50 });
    t.after(() => store.close());
    const run = newRun('ns');
    await store.createRun(run, []);
    const other = new Database(path);
    t.after(() => other.close());
    other.exec('begin immediate');
    await assert.rejects(store.commitTransition({ uid: run.uid, expectedVersion: 1, phase: 'Running', state: {}, upsertNodes: [] }), {
      name: 'StoreError', code: 'ERR_STORE_UNAVAILABLE', message: `SQLite database ${path} is unavailable: database is locked`,
    });
    // Reads still work in WAL mode while another process writes.
    assert.equal((await store.getRunByUid(run.uid))?.resourceVersion, 1);
    other.exec('rollback');
    assert.equal(await store.commitTransition({ uid: run.uid, expectedVersion: 1, phase: 'Running', state: {}, upsertNodes: [] }), 2);
  });

  test('a path in a missing directory fails with ERR_STORE_UNAVAILABLE', async () => {
    const path = join(dir, 'no-such-dir', 'x.db');
    await assert.rejects(openStore({ sqlitePath: path }), {
      name: 'StoreError', code: 'ERR_STORE_UNAVAILABLE',
      message: `cannot open SQLite database ${path}: Cannot open database because the directory does not exist`,
    });
  });

  test('a file that is not a SQLite database fails with ERR_STORE_UNAVAILABLE', async () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'this is not a database, just some text that is long enough to have a header. '.repeat(10));
    await assert.rejects(openStore({ sqlitePath: path }), {
      name: 'StoreError', code: 'ERR_STORE_UNAVAILABLE', message: `cannot open SQLite database ${path}: file is not a database`,
    });
  });
});
