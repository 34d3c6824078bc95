import { checkKey, checkVersion, encodeJson, toIsoTime, toIsoTimeOrNull } from './check-values.js';
import type { RunTransition, StoredNode, StoredRun } from './types.js';

/**
 * Checks and encodes what callers hand the store into column values, once, before any transaction starts:
 * a bad value fails the whole call without touching the database, and no JSON is serialised twice.
 */
export interface RunRow {
  uid: string;
  namespace: string;
  name: string;
  phase: string;
  resource_version: number;
  manifest: string;
  state: string;
  labels: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface NodeRow {
  run_uid: string;
  node_id: string;
  phase: string;
  data: string;
}

export interface EncodedTransition {
  uid: string;
  expectedVersion: number;
  phase: string;
  state: string;
  /** undefined leaves the column unchanged. */
  startedAt: string | null | undefined;
  finishedAt: string | null | undefined;
  upserts: NodeRow[];
  deletes: string[];
}

/** The row of a new run at version 1, with times normalised to ISO-8601 UTC. */
export function encodeRun(run: Omit<StoredRun, 'resourceVersion'>): RunRow {
  const labels = run.labels ?? {};
  for (const [key, value] of Object.entries(labels)) {
    checkKey(key, 'run label key');
    checkKey(value, `run label ${JSON.stringify(key)}`);
  }
  return {
    uid: checkKey(run.uid, 'run uid'),
    namespace: checkKey(run.namespace, 'run namespace'),
    name: checkKey(run.name, 'run name'),
    phase: checkKey(run.phase, 'run phase'),
    resource_version: 1,
    manifest: encodeJson(run.manifest, 'run manifest'),
    state: encodeJson(run.state, 'run state'),
    labels: encodeJson(labels, 'run labels'),
    created_at: toIsoTime(run.createdAt, 'run createdAt'),
    started_at: toIsoTimeOrNull(run.startedAt, 'run startedAt'),
    finished_at: toIsoTimeOrNull(run.finishedAt, 'run finishedAt'),
  };
}

/** Node rows of run `uid`; a node id given twice keeps its last value (as a sequence of writes would). */
export function encodeNodes(uid: string, nodes: readonly StoredNode[]): NodeRow[] {
  const rows = new Map<string, NodeRow>();
  for (const node of nodes) rows.set(node.id, encodeNode(uid, node));
  return [...rows.values()];
}

/** A transition with its state and nodes encoded. */
export function encodeTransition(t: RunTransition): EncodedTransition {
  const uid = checkKey(t.uid, 'transition uid');
  return {
    uid,
    expectedVersion: checkVersion(t.expectedVersion, `expectedVersion of run ${uid}`),
    phase: checkKey(t.phase, `phase of run ${uid}`),
    state: encodeJson(t.state, `state of run ${uid}`),
    startedAt: t.startedAt === undefined ? undefined : toIsoTimeOrNull(t.startedAt, `startedAt of run ${uid}`),
    finishedAt: t.finishedAt === undefined ? undefined : toIsoTimeOrNull(t.finishedAt, `finishedAt of run ${uid}`),
    upserts: (t.upsertNodes ?? []).map((node) => encodeNode(uid, node)),
    deletes: (t.deleteNodeIds ?? []).map((id) => checkKey(id, `deleted node id of run ${uid}`)),
  };
}

function encodeNode(uid: string, node: StoredNode): NodeRow {
  const id = checkKey(node.id, `node id of run ${uid}`);
  return {
    run_uid: uid,
    node_id: id,
    phase: checkKey(node.phase, `phase of node ${id}`),
    data: encodeJson(node.data, `data of node ${id}`),
  };
}
