-- A run's manifest is written once, by createRun, and never changes, while the runs row is rewritten by
-- every transition. SQLite rebuilds the whole record on UPDATE, so a manifest kept in the row was read
-- back and compared on every commit: with a 10,000-task DAG (~520 kB of JSON) that tripled the cost of a
-- commit. In its own table it is touched only by createRun, getRun, listRuns and the delete cascade.

CREATE TABLE run_manifests (
  run_uid TEXT PRIMARY KEY REFERENCES runs (uid) ON DELETE CASCADE,
  manifest TEXT NOT NULL
) STRICT;

INSERT INTO run_manifests (run_uid, manifest) SELECT uid, manifest FROM runs;

ALTER TABLE runs DROP COLUMN manifest;
