/**
 * Upgrades of databases written by earlier schema versions, on both backends: migration 0002 moves each
 * run's manifest out of the runs row (which every transition rewrites) into run_manifests.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Backend } from '../../src/store/backend.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { openBackend, type OpenStoreOptions } from '../../src/store/open-backend.js';
import { SqlStore } from '../../src/store/sql-store.js';
import { node } from './contract/harness.js';
import { createPgTestDatabase, reportPgUnavailable } from './pg-database.js';

/** Brings an empty database to schema version 1 only, as an older Keyflow left it. */
async function migrateToVersion1(backend: Backend): Promise<void> {
  const [first] = await loadMigrations(backend.dialect);
  await backend.write(async (trx) => {
    await backend.runScript(trx, first!.script);
    await trx.schema.createTable('migrations')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', backend.dialect === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
      .execute();
    await trx.insertInto('migrations').values({ version: 1, name: first!.file, applied_at: '2024-05-01T00:00:00.000Z' }).execute();
  });
}

/** A run as schema version 1 stored it: the manifest in the runs row. */
async function insertVersion1Run(backend: Backend, uid: string, manifest: Record<string, unknown>): Promise<void> {
  await backend.write(async (trx) => {
    await sql`insert into runs (uid, namespace, name, phase, resource_version, manifest, state, labels, created_at, started_at, finished_at)
      values (${uid}, 'ns', ${`run-${uid}`}, 'Running', 3, ${JSON.stringify(manifest)}, '{"step":3}', '{"app":"a"}',
        '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:01.000Z', null)`.execute(trx);
    await sql`insert into nodes (run_uid, node_id, phase, data) values (${uid}, 'a', 'Pending', '{"id":"a","phase":"Pending"}')`.execute(trx);
  });
}

function registerUpgradeTests(name: string, options: () => OpenStoreOptions): void {
  describe(`${name}: upgrading a schema version 1 database`, () => {
    test('migration 0002 moves every run manifest into run_manifests; runs read, transition and delete as before', async (t) => {
      const backend = await openBackend(options());
      const store = new SqlStore(backend);
      t.after(() => store.close());
      await migrateToVersion1(backend);
      const manifests = { r1: { kind: 'Workflow', spec: { entrypoint: 'main', n: 1 } }, r2: { kind: 'Workflow', spec: { tasks: ['x', 'y'] } } };
      for (const [uid, manifest] of Object.entries(manifests)) await insertVersion1Run(backend, uid, manifest);
      await migrate(backend);
      assert.deepEqual(await store.getRunByUid('r1'), {
        uid: 'r1', namespace: 'ns', name: 'run-r1', phase: 'Running', resourceVersion: 3, manifest: manifests.r1,
        state: { step: 3 }, labels: { app: 'a' }, createdAt: '2024-05-01T10:00:00.000Z', startedAt: '2024-05-01T10:00:01.000Z', finishedAt: null,
      });
      assert.deepEqual((await store.listRuns({ labels: { app: 'a' } })).map((r) => [r.uid, r.manifest]), [['r2', manifests.r2], ['r1', manifests.r1]]);
      assert.equal(await store.commitTransition({ uid: 'r1', expectedVersion: 3, phase: 'Succeeded', state: {}, upsertNodes: [node('b')] }), 4);
      assert.deepEqual((await store.getRunByUid('r1'))?.manifest, manifests.r1);
      assert.deepEqual(await store.listNodes('r1'), [node('a'), node('b')]);
      assert.equal(await store.deleteRun('r1'), true);
      const left = await sql<{ run_uid: string }>`select run_uid from run_manifests order by run_uid`.execute(backend.db);
      assert.deepEqual(left.rows, [{ run_uid: 'r2' }]);
    });
  });
}

registerUpgradeTests('SQLite', () => ({ sqlitePath: ':memory:' }));

const pg = await createPgTestDatabase();
if ('unavailable' in pg) {
  reportPgUnavailable(pg.unavailable);
} else {
  after(() => pg.drop());
  registerUpgradeTests('PostgreSQL', () => ({ url: pg.url }));
}
