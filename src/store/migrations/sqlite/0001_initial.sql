-- Runs, their nodes, and every other stored resource. JSON columns hold JSON text; time columns hold
-- ISO-8601 UTC text written by the store (always the same format, so text order is time order).

CREATE TABLE runs (
  -- Insertion order: breaks ties between runs created in the same millisecond ("newest first").
  seq INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  phase TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  manifest TEXT NOT NULL,
  state TEXT NOT NULL,
  labels TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  UNIQUE (namespace, name)
) STRICT;

CREATE INDEX runs_created_at ON runs (created_at DESC, seq DESC);
CREATE INDEX runs_namespace_created_at ON runs (namespace, created_at DESC, seq DESC);
CREATE INDEX runs_phase ON runs (phase);

CREATE TABLE nodes (
  run_uid TEXT NOT NULL REFERENCES runs (uid) ON DELETE CASCADE,
  node_id TEXT NOT NULL,
  phase TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_uid, node_id)
) STRICT;

CREATE TABLE resources (
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  uid TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  manifest TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, namespace, name)
) STRICT;
