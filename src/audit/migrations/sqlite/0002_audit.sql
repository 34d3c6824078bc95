-- The audit log (src/audit, docs/audit.md): hash-chained records, the chain head, signed checkpoints.
-- Every column of audit_records is part of the record's hash except hash itself, so the values are
-- stored exactly as hashed: times as ISO-8601 UTC text with milliseconds, groups and details as their
-- canonical JSON text (RFC 8785), never re-encoded by the database.

CREATE TABLE audit_records (
  -- 1, 2, 3 ... without gaps: assigned by the appender from audit_head, never by AUTOINCREMENT.
  seq INTEGER PRIMARY KEY,
  v INTEGER NOT NULL,
  time TEXT NOT NULL,
  principal_issuer TEXT NOT NULL,
  principal_subject TEXT NOT NULL,
  principal_username TEXT NOT NULL,
  principal_groups TEXT NOT NULL,
  principal_kind TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_kind TEXT NOT NULL,
  resource_namespace TEXT NOT NULL,
  resource_name TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  request_id TEXT,
  source_address TEXT,
  outcome TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

CREATE INDEX audit_records_time ON audit_records (time);

-- One row: the last record's seq and hash. Appenders read it inside their write transaction (BEGIN
-- IMMEDIATE serialises them), chain onto it and move it, so the chain never forks.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  time TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL
) STRICT;

-- Append-only for Keyflow's own code: a bug cannot edit or delete the record. (Someone with direct
-- database access can drop these triggers; the hash chain and the checkpoints are what catch that.)
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
