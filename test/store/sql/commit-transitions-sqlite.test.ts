/**
 * The synchronous SQLite commit path (src/store/sql/commit-transitions-sqlite.ts) where it could differ
 * from the Kysely path it replaces on SQLite: the same rows and errors for the same batches, all-or-none
 * when a statement fails after the run rows moved, no interleaving with a Kysely transaction on the same
 * connection, and busy retry while another process holds the write lock. The Store contract
 * (sqlite.test.ts) runs on this path too.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import type { Backend } from '../../../src/store/backend.js';
import { openBackend } from '../../../src/store/open-backend.js';
import { SqlStore } from '../../../src/store/sql-store.js';
import type { RunTransition, Store } from '../../../src/store/index.js';
import { newRun, node } from '../contract/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'kf-store-sync-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const R0 = '00000000-0000-0000-0000-000000000000';
const R1 = '11111111-1111-1111-1111-111111111111';
const R2 = '22222222-2222-2222-2222-222222222222';
const GHOST = '99999999-9999-9999-9999-999999999999';

function transition(uid: string, expectedVersion: number, extra: Partial<RunTransition> = {}): RunTransition {
  return { uid, expectedVersion, phase: 'Running', state: { step: expectedVersion }, upsertNodes: [], ...extra };
}

/** A store on a new file; `kyselyOnly` hides writeSync, so commits take the Kysely path as on PostgreSQL. */
async function openStoreOn(t: TestContext, options: { kyselyOnly?: boolean; wrap?: (b: Backend) => Backend } = {}) {
  const path = join(dir, `${crypto.randomUUID()}.db`);
  let backend = await openBackend({ sqlitePath: path });
  if (options.kyselyOnly) backend = { ...backend, writeSync: undefined };
  if (options.wrap) backend = options.wrap(backend);
  const store = new SqlStore(backend);
  t.after(() => store.close());
  await store.migrate();
  return { path, backend, store };
}

async function seed(store: Store, path: string): Promise<void> {
  for (const uid of [R0, R1, R2]) await store.createRun(newRun('ns', { uid, name: `run-${uid.slice(0, 1)}` }), [node('a'), node('x')]);
  const raw = new Database(path);
  raw.exec(`create trigger refuse_boom before insert on nodes when new.node_id = 'boom'
    begin select raise(abort, 'node boom refused'); end`);
  raw.close();
}

/** Successes, conflicts, unknown runs and a failing statement, each checked against both paths. */
const STEPS: RunTransition[][] = [
  [transition(R0, 1, { startedAt: '2024-05-01T12:00:00+02:00', upsertNodes: [node('a', 'Running', { n: 1 }), node('b')], deleteNodeIds: ['x', 'never'] })],
  [transition(R0, 2, { finishedAt: '2024-05-01T11:00:00Z' }), transition(R1, 1, { upsertNodes: [node('c'), node('c', 'Failed')], deleteNodeIds: ['c'] })],
  [transition(R0, 3, { finishedAt: null, upsertNodes: [node('c')] }), transition(R1, 2, { phase: 'Succeeded' }),
    transition(R0, 4, { upsertNodes: [node('b', 'Succeeded')], deleteNodeIds: ['c'] })],
  [transition(R1, 3, { upsertNodes: [node('new')] }), transition(R0, 4, { phase: 'Failed' })],
  [transition(R2, 1, { upsertNodes: [node('y')] }), transition(R2, 1)],
  [transition(GHOST, 1)],
  [transition(R1, 3), transition(GHOST, 7)],
  [transition(R2, 1, { phase: 'Succeeded', upsertNodes: [node('z')] }), transition(R1, 3, { upsertNodes: [node('boom')] })],
  [transition(R2, 1, { phase: 'Succeeded', state: { done: true }, upsertNodes: [node('z')] })],
];

async function outcome(store: Store, batch: RunTransition[]) {
  try {
    return { versions: await store.commitTransitions(batch) };
  } catch (err) {
    const e = err as Error & { code?: string };
    return { name: e.name, code: e.code, message: e.message };
  }
}

async function snapshot(store: Store) {
  return Promise.all([R0, R1, R2].map(async (uid) => ({ run: await store.getRunByUid(uid), nodes: await store.listNodes(uid) })));
}

describe('synchronous SQLite commit path', () => {
  test('leaves the same rows and reports the same errors as the Kysely path, batch by batch', async (t) => {
    const fast = await openStoreOn(t);
    const kysely = await openStoreOn(t, { kyselyOnly: true });
    assert.equal(typeof fast.backend.writeSync, 'function');
    await seed(fast.store, fast.path);
    await seed(kysely.store, kysely.path);
    const outcomes = [];
    for (const batch of STEPS) {
      const got = await outcome(fast.store, batch);
      assert.deepEqual(got, await outcome(kysely.store, batch));
      assert.deepEqual(await snapshot(fast.store), await snapshot(kysely.store));
      outcomes.push(got);
    }
    assert.deepEqual(outcomes, [
      { versions: [2] },
      { versions: [3, 2] },
      { versions: [4, 3, 5] },
      { name: 'StoreError', code: 'ERR_STORE_CONFLICT',
        message: `run ns/run-0 (uid ${R0}) is at version 5, expected 4 (transition 2 of 2; none of the batch was applied)` },
      { name: 'StoreError', code: 'ERR_STORE_CONFLICT',
        message: `run ns/run-2 (uid ${R2}) is at version 2, expected 1 (transition 2 of 2; none of the batch was applied)` },
      { name: 'StoreError', code: 'ERR_STORE_NOT_FOUND', message: `run ${GHOST} does not exist` },
      { name: 'StoreError', code: 'ERR_STORE_NOT_FOUND', message: `run ${GHOST} does not exist (transition 2 of 2; none of the batch was applied)` },
      { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'node boom refused' },
      { versions: [2] },
    ]);
    const [r0, r1, r2] = await snapshot(fast.store);
    assert.deepEqual([r0!.run?.resourceVersion, r0!.run?.startedAt, r0!.run?.finishedAt], [5, '2024-05-01T10:00:00.000Z', null]);
    assert.deepEqual(r0!.nodes, [node('a', 'Running', { n: 1 }), node('b', 'Succeeded')]);
    assert.deepEqual([r1!.run?.resourceVersion, r1!.run?.phase], [3, 'Succeeded']);
    assert.deepEqual(r1!.nodes, [node('a'), node('x')]);
    assert.deepEqual([r2!.run?.resourceVersion, r2!.run?.state], [2, { done: true }]);
    assert.deepEqual(r2!.nodes, [node('a'), node('x'), node('z')]);
  });

  test('a statement failing after the run rows moved rolls the whole batch back', async (t) => {
    const { store, path } = await openStoreOn(t);
    await seed(store, path);
    await assert.rejects(store.commitTransitions([
      transition(R0, 1, { phase: 'Succeeded', upsertNodes: [node('a', 'Succeeded')], deleteNodeIds: ['x'] }),
      transition(R1, 1, { upsertNodes: [node('boom')] }),
    ]), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'node boom refused' });
    for (const { run, nodes } of await snapshot(store)) {
      assert.deepEqual([run?.resourceVersion, run?.phase], [1, 'Pending']);
      assert.deepEqual(nodes, [node('a'), node('x')]);
    }
    // The connection is left usable: no transaction stays open.
    assert.deepEqual(await store.commitTransitions([transition(R0, 1)]), [2]);
  });

  test('waits for a Kysely write transaction on the same store instead of joining it', async (t) => {
    const { store, backend, path } = await openStoreOn(t);
    await seed(store, path);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => { entered = resolve; });
    const kysely = backend.write(async (trx) => {
      await trx.updateTable('runs').set({ phase: 'Kysely' }).where('uid', '=', R0).execute();
      entered();
      await gate;
      throw new Error('the Kysely transaction rolls back');
    });
    await inside;
    let committed = false;
    const sync = store.commitTransition(transition(R1, 1, { upsertNodes: [node('y')] })).finally(() => { committed = true; });
    for (let i = 0; i < 10; i++) await nextTurn();
    assert.equal(committed, false);
    release();
    await assert.rejects(kysely, { message: 'the Kysely transaction rolls back' });
    // Had the sync commit run inside the open transaction (better-sqlite3 nests it as a SAVEPOINT), the
    // rollback would have taken its writes too.
    assert.equal(await sync, 2);
    const [r0, r1] = await snapshot(store);
    assert.deepEqual([r0!.run?.phase, r0!.run?.resourceVersion], ['Pending', 1]);
    assert.deepEqual([r1!.run?.phase, r1!.run?.resourceVersion], ['Running', 2]);
    assert.deepEqual(r1!.nodes, [node('a'), node('x'), node('y')]);
  });

  test('retries while another process holds the write lock, then commits', async (t) => {
    let attempts = 0;
    const counting = (b: Backend): Backend => ({ ...b, retryWhileBusy: (op) => b.retryWhileBusy(() => { attempts++; return op(); }) });
    const { store, path } = await openStoreOn(t, { wrap: counting });
    await seed(store, path);
    const holder = spawn(process.execPath, ['-e', HOLD_WRITE_LOCK, createRequire(import.meta.url).resolve('better-sqlite3'), path], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    t.after(() => holder.kill());
    const [line] = await once(holder.stdout, 'data') as [Buffer];
    assert.equal(line.toString(), 'locked\n');
    attempts = 0;
    let committed = false;
    const sync = store.commitTransition(transition(R0, 1, { upsertNodes: [node('b')] })).finally(() => { committed = true; });
    await sleep(30);
    assert.equal(committed, false);
    holder.stdin.end('release\n');
    assert.equal(await sync, 2);
    assert.ok(attempts > 1, `expected busy retries, got ${attempts} attempt(s)`);
    assert.deepEqual(await once(holder, 'exit'), [0, null]);
    const [r0] = await snapshot(store);
    assert.equal(r0!.run?.resourceVersion, 2);
    assert.deepEqual(r0!.nodes, [node('a'), node('b'), node('x')]);
  });
});

/** Child process: takes the write lock on argv[2] with better-sqlite3 (argv[1]) until a line arrives on stdin. */
const HOLD_WRITE_LOCK = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.exec('begin immediate');
process.stdout.write('locked\\n');
process.stdin.once('data', () => { db.exec('commit'); db.close(); process.exit(0); });
`;
