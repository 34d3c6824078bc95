import type { DAGTask } from '../spec/index.js';
import type { TaskResultName } from '../expr/index.js';
import type { DagInfo } from './dag-info.js';
import { isCompleted, isFailedOrError, isFulfilled } from './phases.js';
import type { SiblingLookup } from './scope.js';
import type { RunView } from './run-view.js';
import type { NodePhase, NodeStatus } from './types.js';

/** The targets plus everything they depend on, directly or not (what dag.target runs). */
export function withAncestors(targets: string[], info: DagInfo): Set<string> {
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dep of info.deps.get(name) ?? []) visit(dep);
  };
  targets.forEach(visit);
  return needed;
}

/** `tasks.X` inside a DAG: the task's node, or its TaskGroup's children when it was expanded. */
export function taskSiblings(view: RunView, dagName: string, info: DagInfo): SiblingLookup {
  return {
    find(name) {
      const node = view.byName(`${dagName}.${name}`);
      if (!node) return undefined;
      if (node.type !== 'TaskGroup') return { node };
      return { node, expanded: (node.children ?? []).map((id) => view.node(id)).filter((n): n is NodeStatus => n !== undefined) };
    },
    names: () => [...info.byName.keys()].filter((n) => view.byName(`${dagName}.${n}`) !== undefined),
  };
}

export type TaskResults = (task: string, what: TaskResultName) => boolean;

/** Argo's TaskResults for `depends`, read from a task's node. */
export function taskResults(view: RunView, dagName: string): TaskResults {
  return (task, what) => {
    const node = view.byName(`${dagName}.${task}`);
    if (!node) return false;
    const phase: NodePhase = node.phase;
    const children = node.type === 'TaskGroup' ? (node.children ?? []).map((id) => view.node(id)) : [];
    switch (what) {
      case 'Succeeded': return phase === 'Succeeded';
      case 'Failed': return phase === 'Failed';
      case 'Errored': return phase === 'Error';
      case 'Skipped': return phase === 'Skipped';
      case 'Omitted': return phase === 'Omitted';
      case 'Completed': return phase === 'Succeeded' || phase === 'Failed';
      case 'Daemoned': return false;
      case 'AnySucceeded': return children.some((c) => c?.phase === 'Succeeded');
      case 'AllFailed': return children.length > 0 && children.every((c) => c?.phase === 'Failed');
    }
  };
}

/**
 * Argo's `dependencies` semantics, evaluated directly rather than through a generated `depends` string
 * (a join over thousands of tasks would not fit an expression): each dependency Succeeded, Skipped or
 * Daemoned, or Failed/Errored where that dependency has continueOn for it.
 */
export function dependenciesMet(info: DagInfo, task: DAGTask, results: TaskResults): boolean {
  return (info.deps.get(task.name) ?? []).every((dep) => {
    const co = info.byName.get(dep)?.continueOn;
    return results(dep, 'Succeeded') || results(dep, 'Skipped') || results(dep, 'Daemoned')
      || (co?.failed === true && results(dep, 'Failed')) || (co?.error === true && results(dep, 'Errored'));
  });
}

export function continuesOn(task: DAGTask, phase: NodePhase): boolean {
  return (phase === 'Failed' && task.continueOn?.failed === true) || (phase === 'Error' && task.continueOn?.error === true);
}

/** A failure nothing handles: no continueOn and no dependent that asks for `.Failed`-like results. */
export function unhandledFailure(info: DagInfo, task: DAGTask, node: NodeStatus): boolean {
  return isFailedOrError(node.phase) && !continuesOn(task, node.phase) && !info.failureHandled.has(task.name);
}

/** True when a dependency is done, including its exit hook. */
export function depDone(view: RunView, dagName: string, info: DagInfo, dep: string): boolean {
  const node = view.byName(`${dagName}.${dep}`);
  if (!node || !isFulfilled(node)) return false;
  const task = info.byName.get(dep);
  if (!task || !(task.onExit || task.hooks?.exit) || !isCompleted(node.phase)) return true;
  return isFulfilled(view.byName(`${node.name}.onExit`));
}
