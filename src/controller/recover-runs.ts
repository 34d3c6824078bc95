import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { isFulfilled, type EngineEvent, type TaskSpec } from '../engine/index.js';
import type { Executor } from '../executors/index.js';
import type { Store } from '../store/index.js';
import { ActiveRun, type RunHost } from './active-run.js';
import { fromStored } from './run-codec.js';
import { leaseHeld } from './lease.js';

export interface Adopted {
  run: ActiveRun;
  /** Outcomes found on disk, and 'lost' for tasks whose process died with the previous driver. */
  events: EngineEvent[];
  /** Tasks that were recorded but never started (no task directory): safe to start now. */
  launches: TaskSpec[];
}

/**
 * Crash recovery: adopts every unfinished run whose lease has expired (its driver died) and works out,
 * per unfinished task, what happened while nobody was listening:
 *   outcome persisted by the executor -> that outcome (completed tasks never run again)
 *   task directory but no outcome     -> lost: retried per retryStrategy, else Error "executor lost the task"
 *   no task directory, still Pending  -> never started: start it now
 */
export async function recoverRuns(ctx: { store: Store; executor: Executor; owner: string }, host: RunHost, now: Date): Promise<Adopted[]> {
  const adopted: Adopted[] = [];
  for (const stored of await ctx.store.listRuns({ phases: ['Pending', 'Running'] })) {
    const { state, lease } = fromStored(stored, await ctx.store.listNodes(stored.uid));
    if (leaseHeld(lease, ctx.owner, now)) continue;
    const events: EngineEvent[] = [];
    const launches: TaskSpec[] = [];
    for (const node of Object.values(state.nodes)) {
      if (node.type !== 'Pod' || isFulfilled(node)) continue;
      const taskId = `${state.uid}/${node.id}`;
      const outcome = await ctx.executor.recover(taskId);
      if (outcome) {
        const { taskId: _t, ...result } = outcome;
        events.push({ type: 'taskResult', nodeId: node.id, result });
      } else if (node.phase === 'Pending' && node.keyflow?.task && !existsSync(dirname(ctx.executor.logPath(taskId)))) {
        launches.push(node.keyflow.task);
      } else {
        events.push({ type: 'taskResult', nodeId: node.id, result: { exitCode: null, reason: 'lost', message: 'executor lost the task', outputParameters: {}, outputArtifacts: {} } });
      }
    }
    adopted.push({ run: new ActiveRun(host, state, stored.resourceVersion), events, launches });
  }
  return adopted;
}
