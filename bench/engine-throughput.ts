/**
 * Engine-only throughput: a 10,000-task DAG (fan-out/fan-in, and a chain) driven by the real controller
 * and store with an executor that completes every task instantly, so the figures measure the engine and
 * its durable commits, not processes. Prints task transitions/s and peak RSS.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Controller } from '../src/controller/index.js';
import { openStore, type Store } from '../src/store/index.js';
import type { Executor, TaskLaunch, TaskOutcome } from '../src/executors/index.js';
import type { Workflow } from '../src/spec/index.js';
import type { RunPatch } from '../src/engine/index.js';

/** Completes every task at once with exit code 0. */
class InstantExecutor implements Executor {
  async run(launch: TaskLaunch): Promise<TaskOutcome> {
    const at = new Date().toISOString();
    return { taskId: launch.taskId, exitCode: 0, outputParameters: {}, outputArtifacts: {}, startedAt: at, finishedAt: at };
  }
  async recover(): Promise<TaskOutcome | undefined> { return undefined; }
  logPath(taskId: string): string { return `/nonexistent/${taskId}`; }
  async cleanup(): Promise<void> {}
}

/** A DAG of n tasks: `fan` = one root, n-2 parallel tasks, one join; `chain` = n tasks in a line. */
export function bigDag(n: number, shape: 'fan' | 'chain'): Workflow {
  const tasks = [];
  if (shape === 'chain') {
    for (let i = 0; i < n; i++) tasks.push({ name: `t${i}`, template: 'noop', ...(i > 0 ? { depends: `t${i - 1}` } : {}) });
  } else {
    tasks.push({ name: 'root', template: 'noop' });
    const middle = Array.from({ length: n - 2 }, (_v, i) => `m${i}`);
    for (const name of middle) tasks.push({ name, template: 'noop', dependencies: ['root'] });
    tasks.push({ name: 'join', template: 'noop', dependencies: middle });
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: `bench-${shape}-${Date.now()}` },
    spec: { entrypoint: 'main', templates: [{ name: 'main', dag: { tasks } }, { name: 'noop', container: { image: 'none', command: ['true'] } }] },
  };
}

export interface EngineFigures {
  backend: string;
  shape: string;
  tasks: number;
  seconds: number;
  nodeTransitions: number;
  transitionsPerSecond: number;
  commits: number;
  peakRssMiB: number;
}

/** Runs one big DAG to completion and measures it. */
export async function benchEngine(store: Store, backend: string, shape: 'fan' | 'chain', n: number): Promise<EngineFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyflow-bench-'));
  const controller = new Controller({ store, executor: new InstantExecutor(), dataDir, pollMs: 60_000 });
  let transitions = 0;
  let commits = 0;
  let peak = process.memoryUsage().rss;
  controller.on('update', (_s, patch: RunPatch) => { transitions += patch.nodes.length; commits++; });
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const t0 = process.hrtime.bigint();
  const state = await controller.submit(bigDag(n, shape));
  const final = await controller.waitFor(state.uid);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await controller.close();
  if (final.phase !== 'Succeeded') throw new Error(`bench workflow ended ${final.phase}: ${final.message}`);
  return { backend, shape, tasks: n, seconds, nodeTransitions: transitions, transitionsPerSecond: transitions / seconds, commits, peakRssMiB: peak / 2 ** 20 };
}

/** Prints one line per measurement. */
export function printEngine(f: EngineFigures): void {
  console.log(`engine ${f.backend.padEnd(8)} ${f.shape.padEnd(5)} ${f.tasks} tasks: ${f.seconds.toFixed(2)} s, `
    + `${Math.round(f.transitionsPerSecond)} durable task transitions/s (${f.nodeTransitions} transitions in ${f.commits} commits), peak RSS ${f.peakRssMiB.toFixed(0)} MiB`);
}

/** Runs both shapes on SQLite and, when reachable, PostgreSQL. */
export async function runEngineBench(n = 10_000): Promise<EngineFigures[]> {
  const out: EngineFigures[] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'keyflow-bench-db-'));
  const sqlite = await openStore({ sqlitePath: join(sqliteDir, 'bench.db') });
  for (const shape of ['fan', 'chain'] as const) out.push(await benchEngine(sqlite, 'sqlite', shape, n));
  await sqlite.close();
  const url = process.env.KEYFLOW_BENCH_PG_URL ?? process.env.KEYFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let pg: Store | undefined;
  try {
    pg = await openStore({ url });
  } catch (err) {
    console.log(`engine postgres skipped: ${(err as Error).message}`);
  }
  if (pg) {
    for (const shape of ['fan', 'chain'] as const) out.push(await benchEngine(pg, 'postgres', shape, n));
    await pg.close();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 10_000);
  for (const f of await runEngineBench(n)) printEngine(f);
}
