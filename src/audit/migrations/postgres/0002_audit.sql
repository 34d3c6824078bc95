-- The audit log (src/audit, docs/audit.md): hash-chained records, the chain head, signed checkpoints.
-- Every column of audit_records is part of the record's hash except hash itself, so the values are
-- stored exactly as hashed: times as ISO-8601 UTC text with milliseconds (not timestamptz, which would
-- re-format them), groups and details as their canonical JSON text (RFC 8785; jsonb would re-encode).
-- COLLATE "C" on the filtered columns: byte order whatever the database's default collation.

CREATE TABLE audit_records (
  -- 1, 2, 3 ... without gaps: assigned by the appender from audit_head, never by a sequence (a rolled
  -- back transaction would leave a gap).
  seq bigint PRIMARY KEY,
  v integer NOT NULL,
  time text COLLATE "C" NOT NULL,
  principal_issuer text NOT NULL,
  principal_subject text COLLATE "C" NOT NULL,
  principal_username text COLLATE "C" NOT NULL,
  principal_groups text NOT NULL,
  principal_kind text NOT NULL,
  action text COLLATE "C" NOT NULL,
  resource_kind text NOT NULL,
  resource_namespace text COLLATE "C" NOT NULL,
  resource_name text NOT NULL,
  decision text NOT NULL,
  reason text NOT NULL,
  request_id text,
  source_address text,
  outcome text NOT NULL,
  details text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

CREATE INDEX audit_records_time ON audit_records (time);

-- One row: the last record's seq and hash. Appenders lock it (SELECT ... FOR UPDATE) inside their
-- transaction, chain onto it and move it; the lock is held to COMMIT, so concurrent appenders queue on it,
-- commit in seq order, and the chain never forks.
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
  seq bigint PRIMARY KEY,
  hash text NOT NULL,
  time text NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);

-- Append-only for Keyflow's own code (a bug cannot edit, delete or truncate the record). Someone with
-- direct database access can drop these triggers; the hash chain and the checkpoints are what catch that.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
