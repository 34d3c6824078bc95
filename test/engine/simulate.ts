/** Test driver: runs the pure engine to completion against a scripted in-memory "executor". */
import { parse } from 'yaml';
import { createRun, step, applyPatch, type RunState, type TaskSpec, type TaskResult, type EngineEvent } from '../../src/engine/index.js';
import type { Workflow, WorkflowSpec } from '../../src/spec/index.js';

export type Behaviour = (task: TaskSpec, attempt: number) => Partial<TaskResult> | 'hang';

/** The default behaviour: `echo` prints its args, everything else succeeds silently. */
export const echo: Behaviour = (task) => {
  const argv = [...task.command, ...task.args];
  if (argv[0] === 'echo') return { exitCode: 0, result: argv.slice(1).join(' ') };
  if (argv[0] === 'sh' && argv[1] === '-c' && /^exit \d+$/.test(argv[2] ?? '')) return { exitCode: Number((argv[2] ?? '').split(' ')[1]) };
  return { exitCode: 0 };
};

export interface SimulationResult {
  state: RunState;
  started: TaskSpec[];
  steps: number;
}

/** Parses a workflow YAML text. */
export function wf(text: string): Workflow {
  return parse(text) as Workflow;
}

/** Runs a workflow until it finishes (or maxSteps), advancing a fake clock to each wakeAt. */
export function simulate(workflow: Workflow, behaviour: Behaviour = echo, opts: { parameters?: Record<string, string>; stored?: Record<string, WorkflowSpec>; maxSteps?: number; events?: (state: RunState, step: number) => EngineEvent[] } = {}): SimulationResult {
  let now = new Date('2026-01-01T00:00:00Z');
  let state = createRun(workflow, { uid: 'uid-1', name: workflow.metadata.name ?? 'wf', namespace: 'default', now, parameters: opts.parameters, storedTemplates: opts.stored });
  const started: TaskSpec[] = [];
  const attempts = new Map<string, number>();
  let pending: EngineEvent[] = [{ type: 'tick' }];
  let steps = 0;
  while (steps < (opts.maxSteps ?? 500)) {
    steps++;
    const extra = opts.events?.(state, steps) ?? [];
    const { patch, commands } = step(state, [...pending, ...extra], { now });
    state = applyPatch(state, patch);
    pending = [];
    let wake: string | undefined;
    for (const c of commands) {
      if (c.type === 'startTask') {
        started.push(c.task);
        const key = c.task.templateName;
        const n = attempts.get(key) ?? 0;
        attempts.set(key, n + 1);
        const outcome = behaviour(c.task, n);
        pending.push({ type: 'taskStarted', nodeId: c.task.nodeId });
        if (outcome !== 'hang') {
          pending.push({ type: 'taskResult', nodeId: c.task.nodeId, result: { exitCode: 0, outputParameters: {}, outputArtifacts: {}, ...outcome } });
        }
      } else if (c.type === 'killTask') {
        pending.push({ type: 'taskResult', nodeId: c.nodeId, result: { exitCode: null, reason: 'killed', outputParameters: {}, outputArtifacts: {} } });
      } else if (c.type === 'wakeAt') {
        wake = c.at;
      }
    }
    if (state.phase !== 'Running' && state.phase !== 'Pending') break;
    if (pending.length === 0) {
      if (!wake && !opts.events) break;
      if (wake) now = new Date(Math.max(now.getTime() + 1, Date.parse(wake)));
      pending.push({ type: 'tick' });
    }
  }
  return { state, started, steps };
}

/** Node phases by display name (for compact assertions). */
export function phases(state: RunState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of Object.values(state.nodes)) out[n.displayName] = n.phase;
  return out;
}
