import { EngineError } from './errors.js';
import { isFailedOrError } from './phases.js';
import { RunView } from './run-view.js';
import type { EngineContext, NodeStatus, RunPatch, RunState } from './types.js';

const CONTAINERS = new Set(['Steps', 'StepGroup', 'DAG', 'TaskGroup']);

function subtree(view: RunView, id: string, out: Set<string>): void {
  if (out.has(id)) return;
  out.add(id);
  for (const child of view.node(id)?.children ?? []) subtree(view, child, out);
}

/**
 * `keyflow retry` (Argo's retry): a Failed or Error workflow runs again from where it failed.
 * Succeeded nodes are kept (their tasks never run twice); failed tasks, omitted tasks and the exit
 * handler are removed so they are evaluated afresh; failed container nodes go back to Running.
 */
export function retryRun(state: RunState, ctx: EngineContext): RunPatch {
  if (state.phase !== 'Failed' && state.phase !== 'Error') {
    throw new EngineError('ERR_ENGINE_INVALID_TRANSITION', `cannot retry workflow '${state.name}': only Failed or Error workflows can be retried (phase ${state.phase})`);
  }
  const view = new RunView(state, ctx);
  const doomed = new Set<string>();
  const exitNode = view.byName(`${state.name}.onExit`);
  if (exitNode) subtree(view, exitNode.id, doomed);
  for (const id of view.allIds()) {
    const node = view.node(id) as NodeStatus;
    const failedLeaf = isFailedOrError(node.phase) && !CONTAINERS.has(node.type);
    if (failedLeaf || node.phase === 'Omitted' || (node.type === 'Suspend' && node.phase !== 'Succeeded')) subtree(view, id, doomed);
  }
  for (const id of view.allIds()) {
    if (doomed.has(id)) continue;
    const node = view.node(id) as NodeStatus;
    const children = node.children?.filter((c) => !doomed.has(c));
    const reopen = CONTAINERS.has(node.type) && isFailedOrError(node.phase);
    if (!reopen && children?.length === node.children?.length) continue;
    const { finishedAt: _f, message: _m, ...rest } = node;
    const { open: _o, failedTask: _f2, ...bookkeeping } = node.keyflow ?? {};
    const keyflow = reopen ? bookkeeping : node.keyflow;
    view.put(reopen ? { ...rest, phase: 'Running', children, keyflow } : { ...node, children });
  }
  for (const id of doomed) view.remove(id);
  const deadline = state.spec.activeDeadlineSeconds !== undefined
    ? new Date(ctx.now.getTime() + Number(state.spec.activeDeadlineSeconds) * 1000).toISOString() : undefined;
  const { finishedAt: _f, message: _m, mainPhase: _p, shutdown: _s, deadlineExceeded: _d, deadline: _dl, ...run } = view.run;
  view.run = { ...run, phase: 'Running', ...(deadline ? { deadline } : {}) };
  return view.patch();
}
