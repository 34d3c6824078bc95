import { baseNodeFields, finishNode } from './call.js';
import { buildTaskSpec } from './build-task-spec.js';
import { scopeKey } from './resolve-template.js';
import { Scope } from './scope.js';
import { isKeyflowError } from '../errors/index.js';
import type { Execution } from './execute-template.js';
import type { NodeStatus } from './types.js';

/** Number of pod nodes currently Pending or Running (for workflow-level parallelism). */
export function activePodCount(execution: Execution): number {
  const { view } = execution.call;
  let active = 0;
  for (const id of view.allIds()) {
    const n = view.node(id);
    if (n?.type === 'Pod' && (n.phase === 'Pending' || n.phase === 'Running')) active++;
  }
  return active;
}

/**
 * A container or script template becomes one Pod node and one startTask command. After that the node
 * only changes through taskStarted/taskResult events, so re-evaluating it is a no-op.
 */
export function executePod(execution: Execution): NodeStatus | undefined {
  const { call, resolved, inputs } = execution;
  const { view } = call;
  const existing = view.byName(call.nodeName);
  if (existing) return existing;
  const parallelism = view.base.spec.parallelism;
  if (parallelism !== undefined && activePodCount(execution) >= parallelism) return undefined;
  const retries = call.retries ?? 0;
  const node = view.create({
    ...baseNodeFields(call, resolved.template.name, scopeKey(resolved.scope)),
    type: 'Pod',
    phase: 'Pending',
    inputs: { parameters: inputs.parameters, ...(inputs.artifacts.length > 0 ? { artifacts: inputs.artifacts } : {}) },
  });
  const t = resolved.template;
  const scope = new Scope({
    view, inputs: inputs.parameters,
    inputArtifacts: inputs.artifacts.map((a) => ({ name: a.name, path: a.path })),
    retries, podName: node.id, nodeName: node.name, outputs: t.outputs, ...(call.item ? { item: call.item } : {}),
  });
  try {
    const task = buildTaskSpec(view, t, inputs, scope, { id: node.id, name: node.name, retries });
    const withSa = view.update(node, { keyflow: { ...node.keyflow, serviceAccountName: task.serviceAccountName, task } });
    view.emit({ type: 'startTask', task });
    return withSa;
  } catch (err) {
    return finishNode(view, node, 'Error', isKeyflowError(err) ? err.message : String(err));
  }
}
