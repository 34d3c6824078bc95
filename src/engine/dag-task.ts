import type { DAGTask } from '../spec/index.js';
import { isKeyflowError } from '../errors/index.js';
import { finishNode, mayStartNodes, type Call } from './call.js';
import type { DagInfo } from './dag-info.js';
import { errorNode, executeTemplate } from './execute-template.js';
import { expandedName } from './expand-items.js';
import { itemsOf, renderArguments, whenFails } from './invocation.js';
import { isFailedOrError, isFulfilled } from './phases.js';
import { scopeKey, templateLabel } from './resolve-template.js';
import { Scope } from './scope.js';
import type { NodeStatus } from './types.js';

function skippedNode(call: Call, task: DAGTask, parentId: string | undefined, when: string): NodeStatus {
  const { view } = call;
  return view.create({
    name: call.nodeName, displayName: call.displayName, type: 'Skipped', phase: 'Skipped', parentId, boundaryID: call.boundaryID,
    templateName: templateLabel(task), templateScope: scopeKey(call.scope), finishedAt: view.nowIso,
    message: `when '${when}' evaluated false`, keyflow: { invocation: task.name },
  });
}

/** Starts one (possibly expanded) invocation of the task: when, arguments, then the template. */
function startOne(call: Call, task: DAGTask, scope: Scope, parentId: string | undefined): NodeStatus | undefined {
  try {
    const skipped = whenFails(task, scope, call.nodeName);
    if (skipped !== undefined) return skippedNode(call, task, parentId, skipped);
    return executeTemplate({ ...call, parentId, invocation: { ...task, arguments: renderArguments(task, scope, call.nodeName) } });
  } catch (err) {
    return errorNode({ ...call, parentId }, call.view.byName(call.nodeName), isKeyflowError(err) ? err.message : String(err));
  }
}

/** Runs an expanded task's items under its TaskGroup node; the group finishes when every item has. */
function runGroup(call: Call, task: DAGTask, items: unknown[], scope: Scope): NodeStatus {
  const { view } = call;
  let group = view.byName(call.nodeName) ?? view.create({
    name: call.nodeName, displayName: call.displayName, type: 'TaskGroup', phase: 'Running', parentId: call.parentId, boundaryID: call.boundaryID,
    templateName: templateLabel(task), templateScope: scopeKey(call.scope), keyflow: { invocation: task.name },
  });
  if (items.length === 0) return finishNode(view, group, 'Skipped', 'Skipped, empty params');
  let running = false;
  let failedPhase: NodeStatus['phase'] | undefined;
  items.forEach((value, i) => {
    const child: Call = { ...call, nodeName: expandedName(call.nodeName, i, value), displayName: expandedName(task.name, i, value), item: { value } };
    const existing = view.byName(child.nodeName);
    const node = existing
      ? executeTemplate({ ...child, parentId: group.id, invocation: { ...task, arguments: undefined } })
      : mayStartNodes(child) ? startOne(child, task, new Scope({ ...scope.init, item: { value } }), group.id) : undefined;
    if (!node || !isFulfilled(node)) running = true;
    else if (isFailedOrError(node.phase)) failedPhase = node.phase;
  });
  group = view.node(group.id) ?? group;
  if (running) return group;
  return finishNode(view, group, failedPhase ?? 'Succeeded', failedPhase ? 'one or more items failed' : undefined);
}

/** Creates or advances the node(s) of one DAG task. */
export function runTask(inner: Call, dagName: string, task: DAGTask, scope: Scope, info: DagInfo): NodeStatus | undefined {
  const { view } = inner;
  const call: Call = {
    ...inner, nodeName: `${dagName}.${task.name}`, displayName: task.name, invocation: task, invocationName: task.name,
  };
  const existing = view.byName(call.nodeName);
  if (existing && existing.type !== 'TaskGroup') return executeTemplate({ ...call, invocation: { ...task, arguments: undefined } });
  if (!existing && !mayStartNodes(call)) return undefined;
  let items: unknown[] | undefined;
  try {
    items = itemsOf(task, scope, call.nodeName);
  } catch (err) {
    return errorNode(call, existing, isKeyflowError(err) ? err.message : String(err));
  }
  const node = items ? runGroup(call, task, items, scope) : startOne(call, task, scope, inner.parentId);
  if (node && !existing && view.byName(call.nodeName)) {
    const created = view.byName(call.nodeName) as NodeStatus;
    view.update(created, { keyflow: { ...created.keyflow, dependsOn: info.deps.get(task.name) } });
  }
  return view.byName(call.nodeName) ?? node;
}
