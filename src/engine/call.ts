import type { Arguments, InvocationBase } from '../spec/index.js';
import type { RunView } from './run-view.js';
import type { NodeStatus, TemplateScope } from './types.js';

/** One invocation of a template at a node name: the unit the executors in this folder work on. */
export interface Call {
  view: RunView;
  nodeName: string;
  displayName: string;
  /** The step, task, entrypoint or hook; its `arguments` are already rendered. */
  invocation: Pick<InvocationBase, 'name' | 'template' | 'templateRef' | 'inline'> & { arguments?: Arguments };
  /** Scope of the template that contains the invocation. */
  scope: TemplateScope;
  parentId?: string;
  boundaryID?: string;
  item?: { value: unknown };
  /** The step/task name this node was expanded from, for aggregation. */
  invocationName?: string;
  /** Exit handlers keep running while a workflow is being stopped. */
  isExitHandler?: boolean;
  /** Attempt index when running under a Retry node. */
  retries?: number;
}

/** Whether new nodes may be started now (not stopping, past the deadline or suspended). */
export function mayStartNodes(call: Call): boolean {
  const run = call.view.run;
  if (run.shutdown === 'Terminate') return false;
  if (run.shutdown === 'Stop' && !call.isExitHandler) return false;
  if (run.deadlineExceeded && !call.isExitHandler) return false;
  return !run.suspended;
}

/** Fields every node created for a call carries. */
export function baseNodeFields(call: Call, templateName: string, scopeKey: string): Partial<NodeStatus> & { name: string; displayName: string; parentId?: string; boundaryID?: string } {
  const { inline: _inline, ...callRef } = call.invocation;
  return {
    name: call.nodeName,
    displayName: call.displayName,
    parentId: call.parentId,
    boundaryID: call.boundaryID,
    templateName,
    templateScope: scopeKey,
    keyflow: {
      call: { ...callRef, ...(call.invocation.inline ? { inline: call.invocation.inline } : {}) },
      ...(call.item ? { item: call.item.value } : {}),
      ...(call.invocationName ? { invocation: call.invocationName } : {}),
      ...(call.retries !== undefined ? { retries: call.retries } : {}),
    },
  };
}

/** Marks a node finished with the given phase (and message), stamping finishedAt. */
export function finishNode(view: RunView, node: NodeStatus, phase: NodeStatus['phase'], message?: string, extra: Partial<NodeStatus> = {}): NodeStatus {
  return view.update(node, { phase, finishedAt: view.nowIso, ...(message !== undefined ? { message } : {}), ...extra });
}
