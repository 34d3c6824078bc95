-- A run's manifest is written once, by createRun, and never changes, while the runs row is rewritten by
-- every transition. The same table layout as on SQLite (where a manifest in the runs row made every
-- commit re-read it), so both backends keep running the same statements; here it also keeps the row that
-- transitions rewrite small whether or not the manifest is large enough to be TOASTed.

CREATE TABLE run_manifests (
  run_uid text COLLATE "C" PRIMARY KEY REFERENCES runs (uid) ON DELETE CASCADE,
  manifest jsonb NOT NULL
);

INSERT INTO run_manifests (run_uid, manifest) SELECT uid, manifest FROM runs;

ALTER TABLE runs DROP COLUMN manifest;
