/**
 * Measures commitTransitions throughput the way the engine will drive it: batches of 200 transitions,
 * each upserting 3 nodes of a realistic size (~450 bytes of JSON), spread over 1,000 runs.
 * Prints node upserts per second for SQLite (a file, WAL) and, when reachable, PostgreSQL.
 *
 *   node --import tsx bench/store/commit-transitions.ts [--seconds 5] [--pg postgres://...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type RunTransition, type Store } from '../../src/store/index.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!, process.argv[i + 1] ?? '');
const SECONDS = Number(args.get('--seconds') ?? 5);
const PG_URL = args.get('--pg') ?? process.env.KEYFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = 1000;
const NODES_PER_RUN = 30;
const BATCH = 200;
const NODES_PER_TRANSITION = 3;

function nodeData(runUid: string, id: number, phase: string): Record<string, unknown> {
  return {
    id: `${runUid}-${id}`, name: `bench.step-${id}`, displayName: `step-${id}`, type: 'Pod',
    templateName: 'echo', phase, boundaryID: runUid, startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: phase === 'Succeeded' ? '2024-05-01T10:00:03.000Z' : null, progress: '1/1',
    children: [`${runUid}-${id + 1}`], hostNodeName: 'local',
    inputs: { parameters: [{ name: 'message', value: `hello ${id}` }] },
    outputs: { parameters: [{ name: 'result', value: 'ok' }], exitCode: '0' },
  };
}

async function measure(label: string, store: Store): Promise<void> {
  const uids: string[] = [];
  const versions = new Map<string, number>();
  for (let r = 0; r < RUNS; r++) {
    const uid = crypto.randomUUID();
    const nodes = Array.from({ length: NODES_PER_RUN }, (_, i) => ({ id: `${uid}-${i}`, phase: 'Pending', data: nodeData(uid, i, 'Pending') }));
    await store.createRun({ uid, namespace: 'bench', name: `run-${r}-${uid}`, phase: 'Running', manifest: { spec: { entrypoint: 'main' } },
      state: { phase: 'Running' }, labels: { bench: 'yes' }, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null }, nodes);
    uids.push(uid);
    versions.set(uid, 1);
  }
  let nodesWritten = 0;
  let transitions = 0;
  let batches = 0;
  let cursor = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    const batch: RunTransition[] = [];
    for (let i = 0; i < BATCH; i++) {
      const uid = uids[cursor++ % RUNS]!;
      const first = (cursor * NODES_PER_TRANSITION) % NODES_PER_RUN;
      batch.push({ uid, expectedVersion: versions.get(uid)!, phase: 'Running', state: { phase: 'Running', progress: `${cursor}` },
        upsertNodes: Array.from({ length: NODES_PER_TRANSITION }, (_, k) => ({ id: `${uid}-${first + k}`, phase: 'Succeeded', data: nodeData(uid, first + k, 'Succeeded') })) });
    }
    // Same run twice in one batch is legal; keep versions right by counting per run.
    const result = await store.commitTransitions(batch);
    batch.forEach((t, i) => versions.set(t.uid, result[i]!));
    transitions += batch.length;
    nodesWritten += batch.length * NODES_PER_TRANSITION;
    batches++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${Math.round(nodesWritten / seconds)} node upserts/s, ${Math.round(transitions / seconds)} transitions/s `
    + `(${batches} batches of ${BATCH} transitions x ${NODES_PER_TRANSITION} nodes, ${(seconds * 1000 / batches).toFixed(1)} ms per batch)`);
}

const dir = mkdtempSync(join(tmpdir(), 'kf-bench-'));
try {
  const sqlite = await openStore({ sqlitePath: join(dir, 'bench.db') });
  await measure('SQLite file (WAL, synchronous=NORMAL)', sqlite);
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const admin = new pg.Client({ connectionString: PG_URL });
const dbName = `kf_bench_${Date.now()}`;
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
} catch (err) {
  console.log(`PostgreSQL: skipped (${(err as Error).message})`);
  await admin.end().catch(() => {});
  process.exit(0);
}
try {
  const url = new URL(PG_URL);
  url.pathname = `/${dbName}`;
  const store = await openStore({ url: url.toString() });
  await measure('PostgreSQL', store);
  await store.close();
} finally {
  await admin.query(`DROP DATABASE ${dbName}`);
  await admin.end();
}
