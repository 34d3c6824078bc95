import { fromStored, toArgoWorkflow } from '../controller/index.js';
import type { RunState } from '../engine/index.js';
import type { StoredResource, StoredRun } from '../store/index.js';

/** Labels Argo's controller keeps on every workflow; clients select on them (`argo list --status`). */
export const PHASE_LABEL = 'workflows.argoproj.io/phase';
export const COMPLETED_LABEL = 'workflows.argoproj.io/completed';

/** Whether a label is derived from the run's phase rather than stored (the store cannot filter on it). */
export function isDerivedLabel(key: string): boolean {
  return key === PHASE_LABEL || key === COMPLETED_LABEL;
}

/** A run as Argo's API returns it: the Workflow object with resourceVersion and the phase labels. */
export function apiWorkflow(state: RunState, resourceVersion: number | undefined, opts: { nodes: boolean } = { nodes: true }): Record<string, unknown> {
  const wf = toArgoWorkflow(state) as { metadata: Record<string, unknown>; spec: Record<string, unknown>; status: Record<string, unknown> };
  const finished = state.phase !== 'Pending' && state.phase !== 'Running';
  const labels = { ...(state.metadata.labels ?? {}), [PHASE_LABEL]: state.phase, [COMPLETED_LABEL]: String(finished) };
  const metadata = { ...wf.metadata, labels, ...(resourceVersion !== undefined ? { resourceVersion: String(resourceVersion) } : {}) };
  // Argo records a whole-workflow suspension in spec.suspend; clients read it there.
  const spec = state.suspended ? { ...wf.spec, suspend: true } : wf.spec;
  if (opts.nodes) return { ...wf, metadata, spec };
  // Without the node rows the progress count would be wrong, so it goes with the nodes.
  const { nodes: _n, progress: _p, ...status } = wf.status;
  return { ...wf, metadata, spec, status };
}

/** A stored run as a list item, without loading its nodes. */
export function apiWorkflowSummary(run: StoredRun): Record<string, unknown> {
  return apiWorkflow(fromStored(run, []).state, run.resourceVersion, { nodes: false });
}

/** The labels a workflow answers to in selectors (stored plus derived). */
export function selectableLabels(run: StoredRun): Record<string, string> {
  const finished = run.phase !== 'Pending' && run.phase !== 'Running';
  return { ...run.labels, [PHASE_LABEL]: run.phase, [COMPLETED_LABEL]: String(finished) };
}

/** A stored (Cluster)WorkflowTemplate with the metadata the store keeps (uid, resourceVersion, creation time). */
export function apiTemplate(resource: StoredResource): Record<string, unknown> {
  const manifest = resource.manifest as { metadata?: Record<string, unknown> };
  const metadata = {
    ...(manifest.metadata ?? {}),
    name: resource.name,
    ...(resource.namespace ? { namespace: resource.namespace } : {}),
    uid: resource.uid,
    resourceVersion: String(resource.resourceVersion),
    creationTimestamp: resource.createdAt,
  };
  return { ...resource.manifest, metadata };
}
