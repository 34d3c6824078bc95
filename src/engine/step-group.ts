import type { WorkflowStep } from '../spec/index.js';
import { isKeyflowError } from '../errors/index.js';
import { finishNode, mayStartNodes, type Call } from './call.js';
import { errorNode, executeTemplate } from './execute-template.js';
import { expandedName } from './expand-items.js';
import { runExitHook } from './exit-hooks.js';
import { itemsOf, renderArguments, whenFails } from './invocation.js';
import { isFailedOrError, isFulfilled } from './phases.js';
import { scopeKey, templateLabel } from './resolve-template.js';
import { Scope } from './scope.js';
import type { NodeStatus } from './types.js';

interface Child {
  step: WorkflowStep;
  nodeName: string;
  displayName: string;
  item?: { value: unknown };
}

/** Expands each step of the group into the nodes it will run (one, or one per item). */
function expand(inner: Call, groupName: string, steps: WorkflowStep[], scope: Scope): Child[] {
  const children: Child[] = [];
  for (const step of steps) {
    const base = `${groupName}.${step.name}`;
    let items: unknown[] | undefined;
    try {
      items = itemsOf(step, scope, base);
    } catch (err) {
      const call = { ...inner, nodeName: base, displayName: step.name, invocation: step };
      if (!inner.view.byName(base)) errorNode(call, undefined, isKeyflowError(err) ? err.message : String(err));
      children.push({ step, nodeName: base, displayName: step.name });
      continue;
    }
    if (!items) children.push({ step, nodeName: base, displayName: step.name });
    else items.forEach((value, i) => children.push({ step, nodeName: expandedName(base, i, value), displayName: expandedName(step.name, i, value), item: { value } }));
  }
  return children;
}

/** Creates or advances one child; returns its node (undefined if it could not start yet). */
function runChild(inner: Call, group: NodeStatus, child: Child, scope: Scope): NodeStatus | undefined {
  const { view } = inner;
  const itemScope = child.item ? new Scope({ ...scope.init, item: child.item }) : scope;
  const call: Call = {
    ...inner, nodeName: child.nodeName, displayName: child.displayName, parentId: group.id,
    invocation: child.step, item: child.item, invocationName: child.step.name,
  };
  const existing = view.byName(child.nodeName);
  if (!existing) {
    if (!mayStartNodes(call)) return undefined;
    try {
      const skipped = whenFails(child.step, itemScope, child.nodeName);
      if (skipped !== undefined) {
        return view.create({ name: child.nodeName, displayName: child.displayName, type: 'Skipped', phase: 'Skipped', parentId: group.id, boundaryID: inner.boundaryID,
          templateName: templateLabel(child.step), templateScope: scopeKey(inner.scope), finishedAt: view.nowIso,
          message: `when '${skipped}' evaluated false`, keyflow: { invocation: child.step.name } });
      }
      call.invocation = { ...child.step, arguments: renderArguments(child.step, itemScope, child.nodeName) };
    } catch (err) {
      return errorNode(call, undefined, isKeyflowError(err) ? err.message : String(err));
    }
  } else {
    call.invocation = { ...child.step, arguments: undefined };
  }
  return executeTemplate(call);
}

function continuesOn(step: WorkflowStep, node: NodeStatus): boolean {
  return (node.phase === 'Failed' && step.continueOn?.failed === true) || (node.phase === 'Error' && step.continueOn?.error === true);
}

/**
 * One group of parallel steps (Argo's executeStepGroup). Once a child fails without continueOn no
 * further children start; the group finishes when none is still running.
 */
export function executeStepGroup(inner: Call, groupName: string, steps: WorkflowStep[], parallelism: number | undefined, scope: Scope): NodeStatus | undefined {
  const { view } = inner;
  let group = view.byName(groupName);
  if (group && isFulfilled(group)) return group;
  if (!group) {
    if (!mayStartNodes(inner)) return undefined;
    group = view.create({ name: groupName, displayName: groupName.slice(groupName.lastIndexOf('[')), type: 'StepGroup', phase: 'Running', parentId: inner.parentId, boundaryID: inner.boundaryID, templateScope: scopeKey(inner.scope) });
  }
  const children = expand(inner, groupName, steps, scope);
  let active = 0;
  let failed: NodeStatus | undefined;
  let pending = 0;
  for (const child of children) {
    const existing = view.byName(child.nodeName);
    const blocked = failed !== undefined || (parallelism !== undefined && active >= parallelism);
    const node = existing || !blocked ? runChild(inner, group, child, scope) : undefined;
    if (!node) { pending++; continue; }
    const hookDone = runExitHook({ ...inner }, child.step, node, scope);
    if (!isFulfilled(node) || !hookDone) { active++; continue; }
    if (isFailedOrError(node.phase) && !continuesOn(child.step, node)) failed ??= node;
  }
  group = view.node(group.id) ?? group;
  if (active > 0) return group;
  if (failed) return finishNode(view, group, failed.phase === 'Error' ? 'Error' : 'Failed', `child '${failed.name}' ${failed.phase === 'Error' ? 'errored' : 'failed'}${failed.message ? `: ${failed.message}` : ''}`);
  if (pending > 0) return group;
  return finishNode(view, group, 'Succeeded');
}
