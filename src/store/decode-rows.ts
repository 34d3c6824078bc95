import type { Backend } from './backend.js';
import type { StoredNode, StoredResource, StoredRun } from './types.js';

/** Columns read for a run (runs joined with run_manifests): everything but the internal `seq`. */
export const RUN_COLUMNS = [
  'runs.uid', 'runs.namespace', 'runs.name', 'runs.phase', 'runs.resource_version', 'run_manifests.manifest',
  'runs.state', 'runs.labels', 'runs.created_at', 'runs.started_at', 'runs.finished_at',
] as const;

/** SELECT of RUN_COLUMNS: every run has exactly one manifest row (createRun writes both in one transaction). */
export function selectRuns(backend: Backend) {
  return backend.db.selectFrom('runs')
    .innerJoin('run_manifests', 'run_manifests.run_uid', 'runs.uid')
    .select(RUN_COLUMNS);
}

export const RESOURCE_COLUMNS = [
  'kind', 'namespace', 'name', 'uid', 'resource_version', 'manifest', 'created_at', 'updated_at',
] as const;

interface RunRecord {
  uid: string; namespace: string; name: string; phase: string; resource_version: number;
  manifest: unknown; state: unknown; labels: unknown;
  created_at: unknown; started_at: unknown; finished_at: unknown;
}

interface ResourceRecord {
  kind: string; namespace: string; name: string; uid: string; resource_version: number;
  manifest: unknown; created_at: unknown; updated_at: unknown;
}

/** A runs row as the interface's StoredRun. */
export function decodeRun(backend: Backend, row: RunRecord): StoredRun {
  return {
    uid: row.uid,
    namespace: row.namespace,
    name: row.name,
    phase: row.phase,
    resourceVersion: row.resource_version,
    manifest: backend.decodeJson(row.manifest),
    state: backend.decodeJson(row.state),
    labels: backend.decodeJson(row.labels) as Record<string, string>,
    createdAt: backend.decodeTime(row.created_at),
    startedAt: row.started_at === null ? null : backend.decodeTime(row.started_at),
    finishedAt: row.finished_at === null ? null : backend.decodeTime(row.finished_at),
  };
}

/** A nodes row as the interface's StoredNode. */
export function decodeNode(backend: Backend, row: { node_id: string; phase: string; data: unknown }): StoredNode {
  return { id: row.node_id, phase: row.phase, data: backend.decodeJson(row.data) };
}

/** A resources row as the interface's StoredResource. */
export function decodeResource(backend: Backend, row: ResourceRecord): StoredResource {
  return {
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    uid: row.uid,
    resourceVersion: row.resource_version,
    manifest: backend.decodeJson(row.manifest),
    createdAt: backend.decodeTime(row.created_at),
    updatedAt: backend.decodeTime(row.updated_at),
  };
}

/** "Kind ns/name", or "Kind name" for cluster-scoped kinds, for messages. */
export function describeResource(kind: string, namespace: string, name: string): string {
  return namespace === '' ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}
