import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { isFulfilled, type EngineEvent, type RunState, type TaskSpec } from '../engine/index.js';
import type { Executor } from '../executors/index.js';
import { isKeyflowError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import { ActiveRun, type RunHost } from './active-run.js';
import { claimTransition, fromStored, type Lease } from './run-codec.js';
import { leaseHeld } from './lease.js';

export interface Adopted {
  run: ActiveRun;
  /** Outcomes found on disk, and 'lost' for tasks whose process died with the previous driver. */
  events: EngineEvent[];
  /** Tasks that were recorded but never started (no task directory): safe to start now. */
  launches: TaskSpec[];
}

interface RecoverContext {
  store: Store;
  executor: Executor;
  owner: string;
}

/**
 * Crash recovery and replica failover: adopts every unfinished run whose lease has expired (its driver
 * died or stopped) and works out, per unfinished task, what happened while nobody was listening:
 *   outcome persisted by the executor -> that outcome (completed tasks never run again)
 *   task directory but no outcome     -> lost: retried per retryStrategy, else Error "executor lost the task"
 *   no task directory, still Pending  -> never started: start it now
 * Each run is claimed first with a lease-only commit on the version read: when several controllers
 * (replicas on one database) race for the same orphan, exactly one commit succeeds and the others skip
 * it, so no task is started by two drivers. Runs in `skip` (driven here already) are left alone.
 */
export async function recoverRuns(ctx: RecoverContext, host: RunHost, now: Date, skip: ReadonlySet<string> = new Set()): Promise<Adopted[]> {
  const adopted: Adopted[] = [];
  for (const stored of await ctx.store.listRuns({ phases: ['Pending', 'Running'] })) {
    if (skip.has(stored.uid)) continue;
    // The lease lives in the run row: checking it first spares a node listing per run held elsewhere.
    if (leaseHeld(fromStored(stored, []).lease, ctx.owner, now)) continue;
    const { state } = fromStored(stored, await ctx.store.listNodes(stored.uid));
    const version = await claim(ctx.store, state, stored.resourceVersion, { owner: ctx.owner, expiresAt: new Date(now.getTime() + host.leaseMs).toISOString() });
    if (version === undefined) continue;
    const { events, launches } = await inspectTasks(ctx.executor, state);
    adopted.push({ run: new ActiveRun(host, state, version), events, launches });
  }
  return adopted;
}

/** Commits the claim; undefined when another writer moved the run on since it was read. */
async function claim(store: Store, state: RunState, version: number, lease: Lease): Promise<number | undefined> {
  try {
    return await store.commitTransition(claimTransition(state, version, lease));
  } catch (err) {
    if (isKeyflowError(err, 'ERR_STORE_CONFLICT')) return undefined;
    throw err;
  }
}

async function inspectTasks(executor: Executor, state: RunState): Promise<{ events: EngineEvent[]; launches: TaskSpec[] }> {
  const events: EngineEvent[] = [];
  const launches: TaskSpec[] = [];
  for (const node of Object.values(state.nodes)) {
    if (node.type !== 'Pod' || isFulfilled(node)) continue;
    const taskId = `${state.uid}/${node.id}`;
    const outcome = await executor.recover(taskId);
    if (outcome) {
      const { taskId: _t, ...result } = outcome;
      events.push({ type: 'taskResult', nodeId: node.id, result });
    } else if (node.phase === 'Pending' && node.keyflow?.task && !existsSync(dirname(executor.logPath(taskId)))) {
      launches.push(node.keyflow.task);
    } else {
      events.push({ type: 'taskResult', nodeId: node.id, result: { exitCode: null, reason: 'lost', message: 'executor lost the task', outputParameters: {}, outputArtifacts: {} } });
    }
  }
  return { events, launches };
}
