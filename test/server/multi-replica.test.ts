/**
 * Several replicas on one PostgreSQL database, each with its own Controller, executor and data directory
 * (as on separate machines): a run is driven by exactly one replica (the holder of its lease), and when
 * that replica stops, another adopts the run once the lease expires and finishes it.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromStored, type Controller } from '../../src/controller/index.js';
import { createLocalExecutor, type Executor } from '../../src/executors/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { Workflow } from '../../src/spec/index.js';
import { createPgTestDatabase, reportPgUnavailable, type PgTestDatabase } from '../store/pg-database.js';
import { startTestServer, waitUntil, type TestServer } from './fixture.js';

interface Launch { replica: string; taskId: string; node: string }

const db = await createPgTestDatabase();
if ('unavailable' in db) reportPgUnavailable(db.unavailable);

interface Replica {
  name: string;
  store: Store;
  server: TestServer;
  controller: Controller;
  dataDir: string;
}

const launches: Launch[] = [];
const replicas: Replica[] = [];

/** The real local executor, with every launch recorded (which replica started which task). */
function recorded(inner: Executor, replica: string): Executor {
  return {
    run: (launch, signal) => {
      launches.push({ replica, taskId: launch.taskId, node: launch.env.KEYFLOW_NODE_NAME ?? launch.taskId });
      return inner.run(launch, signal);
    },
    recover: (taskId) => inner.recover(taskId),
    logPath: (taskId) => inner.logPath(taskId),
    cleanup: (taskId) => inner.cleanup(taskId),
  };
}

async function startReplica(name: string, url: string, timing: { leaseMs: number; pollMs: number; adoptMs: number }): Promise<Replica> {
  const dataDir = mkdtempSync(join(tmpdir(), `keyflow-replica-${name}-`));
  chmodSync(dataDir, 0o711);
  const store = await openStore({ url });
  const executor = recorded(await createLocalExecutor({ dataDir, sandbox: false }), name);
  const server = await startTestServer({ store, dataDir, executorOverride: executor, controller: timing });
  const replica = { name, store, server, controller: server.controller, dataDir };
  replicas.push(replica);
  return replica;
}

async function phaseIn(store: Store, name: string): Promise<string | undefined> {
  return (await store.getRun('default', name))?.phase;
}

async function leaseOwner(store: Store, name: string): Promise<string | undefined> {
  const run = await store.getRun('default', name);
  return run ? fromStored(run, []).lease?.owner : undefined;
}

const steps = (name: string, middle: Record<string, unknown>): Workflow => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
  spec: {
    entrypoint: 'main',
    templates: [
      { name: 'main', steps: [[{ name: 'first', template: 'echo' }], [{ name: 'middle', template: 'middle' }], [{ name: 'last', template: 'echo' }]] },
      { name: 'echo', container: { image: 'busybox', command: ['echo', 'hi'] } },
      { name: 'middle', ...middle },
    ],
  },
} as unknown as Workflow);

if (!('unavailable' in db)) {
  const pg = db as PgTestDatabase;
  before(async () => {
    const migrate = await openStore({ url: pg.url });
    await migrate.close();
  });
  /** Each test starts its own replicas; earlier ones must not compete for the runs of the next. */
  const stopAll = async () => {
    for (const r of replicas.splice(0)) {
      await r.server.close().catch(() => undefined);
      await r.store.close().catch(() => undefined);
      rmSync(r.dataDir, { recursive: true, force: true });
    }
  };
  afterEach(stopAll);
  after(async () => {
    await stopAll();
    await pg.drop();
  });

  test('two replicas on one database: each run is driven by one replica and every task starts once', async () => {
    // Leases long enough that a busy test machine never lets one lapse: adoption is not what this test is about.
    const timing = { leaseMs: 6000, pollMs: 100, adoptMs: 200 };
    const a = await startReplica('a', pg.url, timing);
    const b = await startReplica('b', pg.url, timing);
    const names = Array.from({ length: 6 }, (_v, i) => `shared-${i}`);
    for (const [i, name] of names.entries()) {
      const via = i % 2 === 0 ? a : b;
      const res = await via.server.call('POST', '/api/v1/workflows/default', { workflow: steps(name, { container: { image: 'busybox', command: ['sleep', '0.3'] } }) });
      assert.equal(res.statusCode, 200, res.body);
    }
    await waitUntil(async () => (await Promise.all(names.map((n) => phaseIn(a.store, n)))).every((p) => p === 'Succeeded'), 'all runs to succeed', 60_000);
    for (const [i, name] of names.entries()) {
      const run = await a.store.getRun('default', name);
      const own = launches.filter((l) => l.taskId.startsWith(`${run!.uid}/`));
      assert.equal(own.length, 3, `${name}: three tasks, each started once`);
      assert.equal(new Set(own.map((l) => l.taskId)).size, 3);
      assert.deepEqual([...new Set(own.map((l) => l.replica))], [i % 2 === 0 ? 'a' : 'b'], `${name} driven by the replica it was submitted to`);
    }
    // Both replicas see every run through the API, whoever drives it.
    const listed = (await a.server.call('GET', '/api/v1/workflows/default')).json() as { items: unknown[] };
    assert.equal(listed.items.length, 6);
  });

  test('when a replica stops, another adopts its run after the lease expires and finishes it', async () => {
    const timing = { leaseMs: 1500, pollMs: 100, adoptMs: 300 };
    const a = await startReplica('c', pg.url, timing);
    const b = await startReplica('d', pg.url, timing);
    const res = await a.server.call('POST', '/api/v1/workflows/default', { workflow: steps('orphan', { suspend: { duration: '3' } }) });
    assert.equal(res.statusCode, 200, res.body);
    await waitUntil(async () => Object.values((await a.controller.get('default', 'orphan')).nodes).some((n) => n.type === 'Suspend' && n.phase === 'Running'), 'the run to reach its timed suspend');
    assert.equal(await leaseOwner(a.store, 'orphan'), a.controller.owner);
    await a.server.close();
    await waitUntil(async () => (await phaseIn(b.store, 'orphan')) === 'Succeeded', 'the other replica to finish the run', 30_000);
    assert.equal(await leaseOwner(b.store, 'orphan'), b.controller.owner);
    const uid = (await b.store.getRun('default', 'orphan'))!.uid;
    const own = launches.filter((l) => l.taskId.startsWith(`${uid}/`));
    assert.deepEqual(own.map((l) => l.replica), ['c', 'd']);
  });

  test('a replica that stopped renewing its lease loses the run to the adopter and stops driving it', async () => {
    const slow = await startReplica('e', pg.url, { leaseMs: 1000, pollMs: 60_000, adoptMs: 0 });
    const b = await startReplica('f', pg.url, { leaseMs: 1000, pollMs: 100, adoptMs: 200 });
    const lost: string[] = [];
    slow.controller.on('lost', (state: { name: string }) => lost.push(state.name));
    const res = await slow.server.call('POST', '/api/v1/workflows/default', { workflow: steps('contested', { suspend: { duration: '3' } }) });
    assert.equal(res.statusCode, 200, res.body);
    await waitUntil(async () => (await leaseOwner(b.store, 'contested')) === b.controller.owner, 'the lease to move to the adopter', 30_000);
    await waitUntil(async () => (await phaseIn(b.store, 'contested')) === 'Succeeded', 'the adopter to finish the run', 30_000);
    await waitUntil(() => lost.length > 0, 'the first driver to notice');
    assert.deepEqual(lost, ['contested']);
    assert.equal(slow.controller.activeRuns().length, 0);
    const uid = (await b.store.getRun('default', 'contested'))!.uid;
    const last = launches.filter((l) => l.taskId.startsWith(`${uid}/`) && l.replica !== 'e');
    assert.deepEqual(last.map((l) => l.replica), ['f']);
  });
}
