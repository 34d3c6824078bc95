-- Runs, their nodes, and every other stored resource. JSON columns are jsonb (labels are matched with @>
-- through a GIN index); times are timestamptz. Key columns use the "C" collation: byte order, as in
-- SQLite, whatever the database default (en_US would sort node ids and names differently). runs and nodes
-- are rewritten on every transition: free space in each page (fillfactor 80) lets PostgreSQL update rows
-- in place (HOT) without touching the indexes when no indexed column changes.

CREATE TABLE runs (
  -- Insertion order: breaks ties between runs created in the same millisecond ("newest first").
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uid text COLLATE "C" NOT NULL UNIQUE,
  namespace text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  phase text COLLATE "C" NOT NULL,
  resource_version integer NOT NULL,
  manifest jsonb NOT NULL,
  state jsonb NOT NULL,
  labels jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (namespace, name)
) WITH (fillfactor = 80);

CREATE INDEX runs_created_at ON runs (created_at DESC, seq DESC);
CREATE INDEX runs_namespace_created_at ON runs (namespace, created_at DESC, seq DESC);
CREATE INDEX runs_phase ON runs (phase);
CREATE INDEX runs_labels ON runs USING gin (labels jsonb_path_ops);

CREATE TABLE nodes (
  run_uid text COLLATE "C" NOT NULL REFERENCES runs (uid) ON DELETE CASCADE,
  node_id text COLLATE "C" NOT NULL,
  phase text COLLATE "C" NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (run_uid, node_id)
) WITH (fillfactor = 80);

CREATE TABLE resources (
  kind text COLLATE "C" NOT NULL,
  namespace text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  uid text COLLATE "C" NOT NULL,
  resource_version integer NOT NULL,
  manifest jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (kind, namespace, name)
);
