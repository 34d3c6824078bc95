/**
 * Latency of one small commit, the engine's hot path (one commit per step): `store.commitTransition` with
 * one run update and 3 node upserts (~350-850 bytes of JSON each, ids like the engine's) on a SQLite file,
 * against the same statements run by hand on better-sqlite3 (cached statements, `transaction().immediate()`)
 * on the same file and schema. Prints wall and CPU time per commit and wall percentiles; CPU time is the
 * steadier figure on a shared machine. `--manifest-tasks` sizes the run's manifest like a DAG of that many
 * tasks (it used to sit in the row every commit rewrites; see migrations/sqlite/0002_run_manifests.sql).
 *
 *   node --import tsx bench/store/commit-latency.ts [--commits 5000] [--manifest-tasks 10000]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type RunTransition } from '../../src/store/index.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!, process.argv[i + 1] ?? '');
const COMMITS = Number(args.get('--commits') ?? 5000);
const MANIFEST_TASKS = Number(args.get('--manifest-tasks') ?? 10);
const WARMUP = Math.min(1000, COMMITS);

function manifest(tasks: number): Record<string, unknown> {
  const list = Array.from({ length: tasks }, (_v, i) => ({ name: `t${i}`, template: 'noop', ...(i > 0 ? { depends: `t${i - 1}` } : {}) }));
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: { entrypoint: 'main', templates: [{ name: 'main', dag: { tasks: list } }] } };
}

/** Step `i` of a chain: the previous task succeeds, the next one is created, the DAG node moves on. */
function step(uid: string, version: number, i: number, prefix: string): RunTransition {
  const id = (k: number) => `${prefix}-${(k * 2654435761 % 2 ** 32).toString(16).padStart(14, '0')}`;
  const pad = (n: number) => 'x'.repeat(n);
  return {
    uid, expectedVersion: version, phase: 'Running', state: { phase: 'Running', progress: `${i}/${COMMITS}`, p: pad(150) },
    upsertNodes: [
      { id: id(i), phase: 'Succeeded', data: { id: id(i), name: `t${i}`, phase: 'Succeeded', p: pad(780) } },
      { id: id(i + 1), phase: 'Pending', data: { id: id(i + 1), name: `t${i + 1}`, phase: 'Pending', p: pad(290) } },
      { id: prefix, phase: 'Running', data: { id: prefix, phase: 'Running', children: [id(i + 1)], p: pad(700) } },
    ],
  };
}

interface Figures { wallMs: number; cpuMs: number; p50: number; p99: number }

async function measure(commit: (i: number) => Promise<unknown> | unknown): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) await commit(i);
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = WARMUP; i < WARMUP + COMMITS; i++) {
    const s = performance.now();
    await commit(i);
    latencies.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.floor(p * (latencies.length - 1))]!;
  return { wallMs: wall / COMMITS, cpuMs: (cpu.user + cpu.system) / 1000 / COMMITS, p50: q(0.5), p99: q(0.99) };
}

function print(label: string, f: Figures): void {
  console.log(`${label.padEnd(34)} ${f.wallMs.toFixed(3)} ms wall, ${f.cpuMs.toFixed(3)} ms CPU per commit `
    + `(p50 ${f.p50.toFixed(3)} ms, p99 ${f.p99.toFixed(3)} ms)`);
}

/** The store's own statements (src/store/sql/commit-transitions-sqlite.ts), by hand. */
function rawCommitter(path: string) {
  const db = new Database(path);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const update = db.prepare(`update runs set phase = ?, state = ?, resource_version = resource_version + 1,
    started_at = case when ? = 1 then ? else started_at end, finished_at = case when ? = 1 then ? else finished_at end
    where uid = ? and resource_version = ?`);
  const upsert = db.prepare(`insert into nodes (run_uid, node_id, phase, data) values (?, ?, ?, ?)
    on conflict (run_uid, node_id) do update set phase = excluded.phase, data = excluded.data`);
  const commit = db.transaction((t: RunTransition) => {
    const state = JSON.stringify(t.state);
    if (update.run(t.phase, state, 0, null, 0, null, t.uid, t.expectedVersion).changes !== 1) throw new Error('stale version');
    for (const n of t.upsertNodes) upsert.run(t.uid, n.id, n.phase, JSON.stringify(n.data));
  });
  return { commit: (t: RunTransition) => commit.immediate(t), close: () => db.close() };
}

const dir = mkdtempSync(join(tmpdir(), 'kf-bench-latency-'));
try {
  const path = join(dir, 'bench.db');
  const store = await openStore({ sqlitePath: path });
  const base = { namespace: 'bench', phase: 'Running', manifest: manifest(MANIFEST_TASKS), state: {}, labels: {},
    createdAt: new Date().toISOString(), startedAt: null, finishedAt: null };
  const runs = { store: crypto.randomUUID(), raw: crypto.randomUUID() };
  for (const uid of Object.values(runs)) await store.createRun({ ...base, uid, name: `run-${uid}` }, []);
  console.log(`SQLite file, ${COMMITS} commits of 1 transition x 3 node upserts, manifest of ${MANIFEST_TASKS} tasks `
    + `(${JSON.stringify(base.manifest).length} bytes)`);
  let version = 1;
  const prefix = () => `bench-chain-${randomBytes(4).toString('hex')}`;
  const storePrefix = prefix();
  print('store.commitTransition', await measure(async (i) => { version = await store.commitTransition(step(runs.store, version, i, storePrefix)); }));
  const raw = rawCommitter(path);
  let rawVersion = 1;
  const rawPrefix = prefix();
  print('better-sqlite3 by hand, same schema', await measure((i) => { raw.commit(step(runs.raw, rawVersion, i, rawPrefix)); rawVersion++; }));
  raw.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
