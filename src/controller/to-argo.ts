import { nodeChildren, type RunState, type NodeStatus } from '../engine/index.js';

/** Strips Keyflow's bookkeeping from a node so the JSON matches Argo's NodeStatus (DAG children included). */
function argoNode(state: RunState, node: NodeStatus): Record<string, unknown> {
  const { keyflow, children: _c, ...rest } = node;
  const children = nodeChildren(state, node);
  return { ...rest, ...(children.length > 0 ? { children } : {}), ...(keyflow?.serviceAccountName ? { serviceAccountName: keyflow.serviceAccountName } : {}) };
}

/** Tasks done / tasks total, as Argo's status.progress ("3/4"). */
export function progressOf(state: RunState): string {
  const pods = Object.values(state.nodes).filter((n) => n.type === 'Pod');
  const done = pods.filter((n) => n.phase === 'Succeeded' || n.phase === 'Failed' || n.phase === 'Error').length;
  return `${done}/${pods.length}`;
}

/** The run as an Argo `Workflow` object (metadata, spec, status with nodes), for JSON/YAML output. */
export function toArgoWorkflow(state: RunState): Record<string, unknown> {
  const nodes = Object.fromEntries(Object.values(state.nodes).map((n) => [n.id, argoNode(state, n)]));
  const outputs = Object.keys(state.outputs.parameters).length > 0
    ? { outputs: { parameters: Object.entries(state.outputs.parameters).map(([name, value]) => ({ name, value })) } } : {};
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: state.metadata,
    spec: state.spec,
    status: {
      phase: state.phase,
      ...(state.startedAt ? { startedAt: state.startedAt } : {}),
      ...(state.finishedAt ? { finishedAt: state.finishedAt } : {}),
      ...(state.message ? { message: state.message } : {}),
      progress: progressOf(state),
      nodes,
      ...outputs,
    },
  };
}
