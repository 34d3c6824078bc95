import type { DAGTask } from '../spec/index.js';
import { evaluateDepends, type TaskResultName } from '../expr/index.js';
import { baseNodeFields, finishNode, type Call } from './call.js';
import { dagInfo, type DagInfo } from './dag-info.js';
import { runExitHook } from './exit-hooks.js';
import { isFailedOrError, isFulfilled, isCompleted } from './phases.js';
import { scopeKey, templateLabel } from './resolve-template.js';
import { Scope, type SiblingLookup } from './scope.js';
import { runTask } from './dag-task.js';
import { assessDag, dagTargets } from './assess-dag.js';
import { templateOutputs } from './template-outputs.js';
import { render } from './render.js';
import type { Execution } from './execute-template.js';
import type { NodeStatus, NodePhase } from './types.js';
import type { RunView } from './run-view.js';

/** The targets plus everything they depend on, directly or not (what dag.target runs). */
function withAncestors(targets: string[], info: DagInfo): Set<string> {
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
function taskSiblings(view: RunView, dagName: string, info: DagInfo): SiblingLookup {
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

/** Argo's TaskResults for `depends`, from a task's node. */
function taskResult(view: RunView, dagName: string): (task: string, what: TaskResultName) => boolean {
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

function continuesOn(task: DAGTask, phase: NodePhase): boolean {
  return (phase === 'Failed' && task.continueOn?.failed === true) || (phase === 'Error' && task.continueOn?.error === true);
}

/** True when a dependency is done, including its exit hook. */
function depDone(view: RunView, dagName: string, info: DagInfo, dep: string): boolean {
  const node = view.byName(`${dagName}.${dep}`);
  if (!node || !isFulfilled(node)) return false;
  const task = info.byName.get(dep);
  if (!task || !(task.onExit || task.hooks?.exit) || !isCompleted(node.phase)) return true;
  return isFulfilled(view.byName(`${node.name}.onExit`));
}

/**
 * DAG template (Argo's executeDAG). Tasks are visited in topological order from a watermark below
 * which every task is known to be finished, so a 10,000-task chain costs O(1) per step, not O(n).
 * failFast (default true) stops scheduling new tasks after an unhandled failure.
 */
export function executeDag(execution: Execution): NodeStatus | undefined {
  const { call, resolved, inputs } = execution;
  const { view } = call;
  const t = resolved.template;
  const dag = t.dag ?? { tasks: [] };
  const info = dagInfo(dag);
  let node = view.byName(call.nodeName) ?? view.create({
    ...baseNodeFields(call, t.name, scopeKey(resolved.scope)), type: 'DAG', phase: 'Running',
    inputs: { parameters: inputs.parameters, ...(inputs.artifacts.length > 0 ? { artifacts: inputs.artifacts } : {}) },
  });
  const dagName = call.nodeName;
  const inner: Call = { ...call, scope: resolved.scope, boundaryID: node.id, parentId: node.id, item: undefined, invocationName: undefined, retries: undefined };
  const scope = new Scope({
    view, inputs: inputs.parameters, inputArtifacts: inputs.artifacts.map((a) => ({ name: a.name, path: a.path })),
    siblingsKind: 'tasks', siblings: taskSiblings(view, dagName, info),
  });
  const failFast = dag.failFast ?? true;
  const results = taskResult(view, dagName);
  const startAt = node.keyflow?.watermark ?? 0;
  let watermark = startAt;
  let advancing = true;
  let active = 0;
  let failure: NodeStatus | undefined;
  const targets = dagTargets(dag, info, dag.target ? render(dag.target, scope, `${dagName}.dag.target`) : undefined);
  const unknown = targets.find((name) => !info.byName.has(name));
  if (unknown) return finishNode(view, node, 'Error', `dag.target names '${unknown}', which is not a task of this DAG`);
  const needed = dag.target ? withAncestors(targets, info) : undefined;
  for (let i = startAt; i < info.order.length; i++) {
    const task = info.order[i] as DAGTask;
    if (needed && !needed.has(task.name)) {
      if (advancing) watermark = i + 1;
      continue;
    }
    const taskNode = view.byName(`${dagName}.${task.name}`);
    if (taskNode && isFulfilled(taskNode)) {
      const hookDone = runExitHook(inner, task, taskNode, scope);
      const unhandled = isFailedOrError(taskNode.phase) && !continuesOn(task, taskNode.phase) && !info.failureHandled.has(task.name);
      if (!hookDone) active++;
      if (unhandled) failure ??= taskNode;
      if (advancing && hookDone && !unhandled) watermark = i + 1;
      else advancing = false;
      continue;
    }
    advancing = false;
    if (!taskNode) {
      if (!(info.deps.get(task.name) ?? []).every((d) => depDone(view, dagName, info, d))) continue;
      const ast = info.depends.get(task.name);
      if (ast && !evaluateDepends(ast, results)) {
        view.create({ name: `${dagName}.${task.name}`, displayName: task.name, type: 'Skipped', phase: 'Omitted', parentId: node.id, boundaryID: node.id,
          templateName: templateLabel(task), templateScope: scopeKey(resolved.scope), finishedAt: view.nowIso, message: 'omitted: depends condition not met',
          keyflow: { invocation: task.name, dependsOn: info.deps.get(task.name) } });
        continue;
      }
      if (failFast && failure) continue;
      if (t.parallelism !== undefined && active >= t.parallelism) { active++; continue; }
    }
    const after = runTask(inner, dagName, task, scope, info);
    if (after && !isFulfilled(after)) active++;
    else if (after && isFulfilled(after) && isFailedOrError(after.phase) && !continuesOn(task, after.phase) && !info.failureHandled.has(task.name)) failure ??= after;
  }
  node = view.node(node.id) ?? node;
  if (watermark !== startAt) node = view.update(node, { keyflow: { ...node.keyflow, watermark } });
  if (active > 0) return node;
  const phase = assessDag(view, dagName, targets, info, failFast ? failure : undefined);
  if (phase === 'Running') return node;
  if (phase !== 'Succeeded') return finishNode(view, node, phase, failure ? `child '${failure.name}' ${phase === 'Error' ? 'errored' : 'failed'}` : undefined);
  const outputs = templateOutputs(view, t, scope, dagName);
  return finishNode(view, node, 'Succeeded', undefined, outputs ? { outputs } : {});
}
