import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the store's tables as Kysely sees them. JSON columns are written as JSON text on both
 * backends and read back as text (SQLite) or as already-parsed values (PostgreSQL jsonb); time columns are
 * written as ISO-8601 text and read back as text (SQLite) or Date (PostgreSQL timestamptz). The backend's
 * `decode` hooks turn both into the interface's shapes.
 */
type JsonColumn = ColumnType<unknown, string, string>;
type TimeColumn = ColumnType<string | Date, string, string>;
type NullableTimeColumn = ColumnType<string | Date | null, string | null, string | null>;

export interface RunsTable {
  seq: Generated<number>;
  uid: string;
  namespace: string;
  name: string;
  phase: string;
  resource_version: number;
  state: JsonColumn;
  labels: JsonColumn;
  created_at: TimeColumn;
  started_at: NullableTimeColumn;
  finished_at: NullableTimeColumn;
}

/** A run's manifest: written once by createRun, kept out of the runs row that every transition rewrites. */
export interface RunManifestsTable {
  run_uid: string;
  manifest: JsonColumn;
}

export interface NodesTable {
  run_uid: string;
  node_id: string;
  phase: string;
  data: JsonColumn;
}

export interface ResourcesTable {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resource_version: number;
  manifest: JsonColumn;
  created_at: TimeColumn;
  updated_at: TimeColumn;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: TimeColumn;
}

export interface Tables {
  runs: RunsTable;
  run_manifests: RunManifestsTable;
  nodes: NodesTable;
  resources: ResourcesTable;
  migrations: MigrationsTable;
}
