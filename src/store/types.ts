/**
 * The Store interface: the only way any domain reads or writes durable state. Two implementations sit
 * behind it (SQLite for the embedded default, PostgreSQL for replicas), both through Kysely, and one
 * contract test suite runs against both. The store holds no business rules: run and node documents are
 * opaque JSON to it, apart from the few columns it indexes.
 */

/** A stored manifest of any kind other than Workflow (templates, cron workflows, keyflow.dev kinds). */
export interface StoredResource {
  kind: string;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  name: string;
  uid: string;
  /** Increments on every write; used for optimistic concurrency. */
  resourceVersion: number;
  /** The whole manifest (apiVersion, kind, metadata, spec, ...), as JSON. */
  manifest: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A workflow run: the Argo Workflow object minus its node map, which is stored row by row. */
export interface StoredRun {
  uid: string;
  namespace: string;
  name: string;
  /** Argo workflow phase: Pending | Running | Succeeded | Failed | Error. */
  phase: string;
  resourceVersion: number;
  /** Submitted manifest (metadata + spec) as JSON. */
  manifest: Record<string, unknown>;
  /** Run-level engine state (everything in status except nodes), as JSON. */
  state: Record<string, unknown>;
  labels: Record<string, string>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One node of a run's status.nodes map. `data` is the engine's NodeStatus, opaque to the store. */
export interface StoredNode {
  id: string;
  phase: string;
  data: Record<string, unknown>;
}

/** What one state transition of a run writes, applied atomically in one transaction. */
export interface RunTransition {
  uid: string;
  /** The version the writer read; the commit fails with ERR_STORE_CONFLICT if the row moved on. */
  expectedVersion: number;
  phase: string;
  state: Record<string, unknown>;
  startedAt?: string | null;
  finishedAt?: string | null;
  upsertNodes: StoredNode[];
  deleteNodeIds?: string[];
}

export interface RunFilter {
  namespace?: string;
  phases?: string[];
  /** Equality match on labels. */
  labels?: Record<string, string>;
  limit?: number;
}

export interface ResourceFilter {
  kind: string;
  namespace?: string;
}

export interface Store {
  /** Creates tables or brings them up to the latest migration. Idempotent. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Inserts a new run (version 1) with its initial nodes; ERR_STORE_ALREADY_EXISTS on a duplicate name. */
  createRun(run: Omit<StoredRun, 'resourceVersion'>, nodes: StoredNode[]): Promise<StoredRun>;
  getRun(namespace: string, name: string): Promise<StoredRun | undefined>;
  getRunByUid(uid: string): Promise<StoredRun | undefined>;
  listRuns(filter: RunFilter): Promise<StoredRun[]>;
  listNodes(uid: string): Promise<StoredNode[]>;
  /** Applies a transition; returns the new resource version. Throws ERR_STORE_CONFLICT on a stale version. */
  commitTransition(transition: RunTransition): Promise<number>;
  /** Applies several transitions (of different runs) in one transaction: all or none. */
  commitTransitions(transitions: RunTransition[]): Promise<number[]>;
  deleteRun(uid: string): Promise<boolean>;

  putResource(resource: Omit<StoredResource, 'resourceVersion' | 'createdAt' | 'updatedAt' | 'uid'> & {
    uid?: string;
    /** When given, the write fails with ERR_STORE_CONFLICT unless the stored version matches. */
    expectedVersion?: number;
  }): Promise<StoredResource>;
  getResource(kind: string, namespace: string, name: string): Promise<StoredResource | undefined>;
  listResources(filter: ResourceFilter): Promise<StoredResource[]>;
  deleteResource(kind: string, namespace: string, name: string): Promise<boolean>;
}
