import type { DAGTask } from '../spec/index.js';
import { evaluateDepends } from '../expr/index.js';
import { baseNodeFields, finishNode, type Call } from './call.js';
import { dagInfo, type DagInfo } from './dag-info.js';
import { depDone, dependenciesMet, taskResults, taskSiblings, unhandledFailure, withAncestors } from './dag-lookups.js';
import { runExitHook } from './exit-hooks.js';
import { isFulfilled } from './phases.js';
import { scopeKey, templateLabel } from './resolve-template.js';
import { Scope } from './scope.js';
import { runTask } from './dag-task.js';
import { assessDag, dagTargets } from './assess-dag.js';
import { templateOutputs } from './template-outputs.js';
import { render } from './render.js';
import type { Execution } from './execute-template.js';
import type { NodeStatus } from './types.js';

interface Pass {
  inner: Call;
  dagName: string;
  info: DagInfo;
  scope: Scope;
  parallelism: number | undefined;
  failFast: boolean;
  needed: Set<string> | undefined;
  failed: string | undefined;
  active: number;
  open: string[];
}

/** Tasks to look at when the DAG has no open list yet (first pass, or after `retry`): a full scan. */
function initialOpen(p: Pass): string[] {
  return p.info.order.map((t) => t.name).filter((name) => {
    const node = p.inner.view.byName(`${p.dagName}.${name}`);
    if (node) return true;
    return (p.info.deps.get(name) ?? []).every((d) => depDone(p.inner.view, p.dagName, p.info, d));
  });
}

/** Looks at one task; returns true when it is done (so its dependents may be released). */
function visit(p: Pass, task: DAGTask): boolean {
  const { view } = p.inner;
  let node = view.byName(`${p.dagName}.${task.name}`);
  if (!node) {
    if (!(p.info.deps.get(task.name) ?? []).every((d) => depDone(view, p.dagName, p.info, d))) return false;
    const ast = p.info.depends.get(task.name);
    const results = taskResults(view, p.dagName);
    if (ast ? !evaluateDepends(ast, results) : !dependenciesMet(p.info, task, results)) {
      view.create({ name: `${p.dagName}.${task.name}`, displayName: task.name, type: 'Skipped', phase: 'Omitted', parentId: p.inner.parentId, boundaryID: p.inner.boundaryID,
        templateName: templateLabel(task), templateScope: scopeKey(p.inner.scope), finishedAt: view.nowIso, message: 'omitted: depends condition not met',
        keyflow: { invocation: task.name, dependsOn: p.info.deps.get(task.name) } });
      return true;
    }
    if (p.failFast && p.failed) return false;
    if (p.parallelism !== undefined && p.active >= p.parallelism) {
      p.open.push(task.name);
      p.active++;
      return false;
    }
  }
  node = runTask(p.inner, p.dagName, task, p.scope, p.info);
  if (!node) {
    p.open.push(task.name);
    return false;
  }
  if (!isFulfilled(node)) {
    p.open.push(task.name);
    p.active++;
    return false;
  }
  if (unhandledFailure(p.info, task, node)) p.failed ??= task.name;
  if (!runExitHook(p.inner, task, node, p.scope)) {
    p.open.push(task.name);
    p.active++;
    return false;
  }
  return true;
}

/** Works through the open tasks, releasing dependents of every task that finishes (O(changes)). */
function runPass(p: Pass, start: string[]): void {
  const queue = [...start];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name) || (p.needed && !p.needed.has(name))) continue;
    seen.add(name);
    const task = p.info.byName.get(name);
    if (task && visit(p, task)) queue.push(...(p.info.dependents.get(name) ?? []));
  }
}

/**
 * DAG template (Argo's executeDAG). The DAG node keeps the list of open tasks (running, or ready but
 * held back); a pass looks only at those and at the dependents of tasks that finish, so a 10,000-task
 * chain costs O(1) per step. failFast (default true) stops scheduling after an unhandled failure.
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
  const scope = new Scope({
    view, inputs: inputs.parameters, inputArtifacts: inputs.artifacts.map((a) => ({ name: a.name, path: a.path })),
    siblingsKind: 'tasks', siblings: taskSiblings(view, dagName, info),
  });
  const targets = dagTargets(dag, info, dag.target ? render(dag.target, scope, `${dagName}.dag.target`) : undefined);
  const unknown = targets.find((name) => !info.byName.has(name));
  if (unknown) return finishNode(view, node, 'Error', `dag.target names '${unknown}', which is not a task of this DAG`);
  const pass: Pass = {
    inner: { ...call, scope: resolved.scope, boundaryID: node.id, parentId: node.id, item: undefined, invocationName: undefined, retries: undefined },
    dagName, info, scope, parallelism: t.parallelism, failFast: dag.failFast ?? true,
    needed: dag.target ? withAncestors(targets, info) : undefined, failed: node.keyflow?.failedTask, active: 0, open: [],
  };
  runPass(pass, node.keyflow?.open ?? initialOpen(pass));
  node = view.node(node.id) ?? node;
  const before = node.keyflow;
  if (String(before?.open) !== String(pass.open) || before?.failedTask !== pass.failed) {
    node = view.update(node, { keyflow: { ...before, open: pass.open, ...(pass.failed ? { failedTask: pass.failed } : {}) } });
  }
  if (pass.open.length > 0) return node;
  const failure = pass.failed && pass.failFast ? view.byName(`${dagName}.${pass.failed}`) : undefined;
  const phase = assessDag(view, dagName, targets, info, failure);
  if (phase === 'Running') return node;
  if (phase !== 'Succeeded') return finishNode(view, node, phase, failure ? `child '${failure.name}' ${phase === 'Error' ? 'errored' : 'failed'}` : undefined);
  const outputs = templateOutputs(view, t, scope, dagName);
  return finishNode(view, node, 'Succeeded', undefined, outputs ? { outputs } : {});
}
