import type { DAGTemplate } from '../spec/index.js';
import type { DagInfo } from './dag-info.js';
import { isCompleted, isFailedOrError } from './phases.js';
import type { NodePhase, NodeStatus } from './types.js';
import type { RunView } from './run-view.js';

/** The target tasks: dag.target (rendered; space or comma separated) or every task nothing depends on. */
export function dagTargets(dag: DAGTemplate, info: DagInfo, target: string | undefined = dag.target): string[] {
  return target ? target.split(/[\s,]+/).filter((s) => s !== '') : info.leaves;
}

/**
 * Argo's assessDAGPhase, over the task graph: a skipped or omitted task inherits its branch's phase
 * (Failed/Error preferred over Succeeded), and the DAG takes the worst phase of its targets, ignoring
 * targets whose continueOn covers their phase. Called only when no task is running.
 */
export function assessDag(view: RunView, dagName: string, targets: string[], info: DagInfo, failFastFailure: NodeStatus | undefined): NodePhase {
  const memo = new Map<string, NodePhase | undefined>();
  const branch = (task: string): NodePhase | undefined => {
    if (memo.has(task)) return memo.get(task);
    const node = view.byName(`${dagName}.${task}`);
    let phase: NodePhase | undefined;
    if (!node) phase = undefined;
    else if (isCompleted(node.phase)) phase = node.phase;
    else {
      const parents = (info.deps.get(task) ?? []).map(branch);
      phase = parents.find((p) => p !== undefined && isFailedOrError(p)) ?? 'Succeeded';
    }
    memo.set(task, phase);
    return phase;
  };
  let result: NodePhase = 'Succeeded';
  let missing = false;
  for (const target of targets) {
    const phase = branch(target);
    if (phase === undefined) { missing = true; continue; }
    if (!isFailedOrError(phase)) continue;
    const co = info.byName.get(target)?.continueOn;
    if ((phase === 'Failed' && co?.failed) || (phase === 'Error' && co?.error)) continue;
    if (result === 'Succeeded') result = phase;
  }
  if (failFastFailure && result === 'Succeeded') result = failFastFailure.phase;
  if (missing && result === 'Succeeded') return 'Running';
  return result;
}
