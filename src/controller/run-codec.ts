import type { RunPatch, RunState, NodeStatus, RunFields } from '../engine/index.js';
import type { StoredNode, StoredRun, RunTransition } from '../store/index.js';

/** Who drives a run and until when (a lease, renewed while the driver lives). */
export interface Lease {
  owner: string;
  expiresAt: string;
}

/** Run-level fields as stored in StoredRun.state (RunFields + the template snapshot + the lease). */
interface StoredRunState extends RunFields {
  storedTemplates: RunState['storedTemplates'];
  lease?: Lease;
}

function runFields(state: RunState): RunFields {
  const { nodes: _n, uid: _u, name: _na, namespace: _ns, metadata: _m, spec: _s, storedTemplates: _t, ...run } = state;
  return run;
}

/** The row written when a run is created. */
export function toStoredRun(state: RunState, lease: Lease | undefined): Omit<StoredRun, 'resourceVersion'> {
  const stored: StoredRunState = { ...runFields(state), storedTemplates: state.storedTemplates, ...(lease ? { lease } : {}) };
  return {
    uid: state.uid, namespace: state.namespace, name: state.name, phase: state.phase,
    manifest: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: state.metadata, spec: state.spec },
    state: stored as unknown as Record<string, unknown>,
    labels: state.metadata.labels ?? {},
    createdAt: state.metadata.creationTimestamp ?? new Date().toISOString(),
    startedAt: state.startedAt ?? null,
    finishedAt: state.finishedAt ?? null,
  };
}

/** Rebuilds the engine's RunState (and the lease) from stored rows. */
export function fromStored(run: StoredRun, nodes: StoredNode[]): { state: RunState; lease?: Lease } {
  const { storedTemplates, lease, ...fields } = run.state as unknown as StoredRunState;
  const manifest = run.manifest as { metadata: RunState['metadata']; spec: RunState['spec'] };
  const state: RunState = {
    ...fields,
    uid: run.uid, name: run.name, namespace: run.namespace,
    metadata: manifest.metadata, spec: manifest.spec, storedTemplates: storedTemplates ?? {},
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n.data as unknown as NodeStatus])),
  };
  return { state, ...(lease ? { lease } : {}) };
}

/** A transition that changes nothing but the lease: how a controller claims a run before driving it. */
export function claimTransition(state: RunState, expectedVersion: number, lease: Lease): RunTransition {
  return toTransition(state, expectedVersion, { run: runFields(state), nodes: [], deletedNodeIds: [] }, lease);
}

/** The transition that persists a patch on top of the version the writer read. */
export function toTransition(state: RunState, expectedVersion: number, patch: RunPatch, lease: Lease | undefined): RunTransition {
  // patch.run is complete (the engine copies every run field into its view), so it replaces, not merges.
  const run = patch.run;
  const stored: StoredRunState = { ...run, storedTemplates: state.storedTemplates, ...(lease ? { lease } : {}) };
  return {
    uid: state.uid,
    expectedVersion,
    phase: run.phase,
    state: stored as unknown as Record<string, unknown>,
    startedAt: run.startedAt ?? null,
    finishedAt: run.finishedAt ?? null,
    upsertNodes: patch.nodes.map((n) => ({ id: n.id, phase: n.phase, data: n as unknown as Record<string, unknown> })),
    deleteNodeIds: patch.deletedNodeIds,
  };
}
