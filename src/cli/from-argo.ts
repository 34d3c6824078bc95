import { toArgoWorkflow } from '../controller/index.js';
import type { NodeStatus, RunPatch, RunState } from './backend.js';
import type { ArgoObject } from './remote/index.js';

const PHASES = new Set(['Pending', 'Running', 'Succeeded', 'Failed', 'Error']);

/** The server's own objects, kept so `-o json|yaml` prints exactly what it sent. */
const originals = new WeakMap<RunState, ArgoObject>();

function parametersOf(spec: Record<string, unknown>): Record<string, string> {
  const args = spec.arguments as { parameters?: { name?: unknown; value?: unknown }[] } | undefined;
  const out: Record<string, string> = {};
  for (const p of args?.parameters ?? []) {
    if (typeof p.name === 'string' && p.value !== undefined) out[p.name] = String(p.value);
  }
  return out;
}

function nodesOf(raw: Record<string, Record<string, unknown>> | undefined): Record<string, NodeStatus> {
  const nodes: Record<string, NodeStatus> = {};
  for (const [id, n] of Object.entries(raw ?? {})) {
    const name = typeof n.name === 'string' ? n.name : id;
    nodes[id] = { ...n, id, name, displayName: typeof n.displayName === 'string' ? n.displayName : name, type: (n.type ?? 'Pod') as NodeStatus['type'], phase: (n.phase ?? 'Pending') as NodeStatus['phase'] };
  }
  return nodes;
}

/**
 * An Argo Workflow object from the API as the engine's RunState, so the remote CLI draws the same
 * summary and tree as the embedded one. Argo lists DAG tasks among the DAG's children, which is what
 * the tree walks; whole-workflow suspension is Argo's `spec.suspend`.
 */
export function fromArgoWorkflow(obj: ArgoObject, fallbackNamespace = 'default'): RunState {
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const state: RunState = {
    uid: obj.metadata.uid ?? '',
    name: obj.metadata.name ?? '',
    namespace: obj.metadata.namespace ?? fallbackNamespace,
    metadata: obj.metadata,
    spec: spec as unknown as RunState['spec'],
    storedTemplates: {},
    phase: (PHASES.has(status.phase ?? '') ? status.phase : 'Pending') as RunState['phase'],
    ...(status.message ? { message: status.message } : {}),
    ...(status.startedAt ? { startedAt: status.startedAt } : {}),
    ...(status.finishedAt ? { finishedAt: status.finishedAt } : {}),
    parameters: parametersOf(spec),
    outputs: { parameters: Object.fromEntries((status.outputs?.parameters ?? []).map((p) => [p.name, p.value ?? ''])), artifacts: {} },
    ...(spec.suspend === true ? { suspended: true } : {}),
    nodes: nodesOf(status.nodes),
  };
  originals.set(state, obj);
  return state;
}

/** The Argo object for output: the server's original when the state came from one. */
export function argoObjectOf(state: RunState): Record<string, unknown> {
  return (originals.get(state) as Record<string, unknown> | undefined) ?? toArgoWorkflow(state);
}

/** What changed between two snapshots, as the patch the watch view expects (changed nodes only). */
export function diffRuns(prev: RunState | undefined, next: RunState): RunPatch {
  const { nodes: _n, uid: _u, name: _na, namespace: _ns, metadata: _m, spec: _s, storedTemplates: _t, ...run } = next;
  const changed = Object.values(next.nodes).filter((n) => {
    const old = prev?.nodes[n.id];
    return !old || old.phase !== n.phase || old.message !== n.message;
  });
  const deleted = prev ? Object.keys(prev.nodes).filter((id) => !(id in next.nodes)) : [];
  return { run, nodes: changed, deletedNodeIds: deleted };
}
