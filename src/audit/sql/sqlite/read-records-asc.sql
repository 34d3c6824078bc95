-- Records after a seq, oldest first, narrowed by the optional filters (NULL = no filter).
-- The seq bound is a scalar subquery so that SQLite searches the primary key instead of scanning.
-- ? in order: after_seq, since, principal, action, namespace, decision, limit.
WITH f (after_seq, since, principal, action, namespace, decision, max_rows) AS (VALUES (?, ?, ?, ?, ?, ?, ?))
SELECT
  r.seq, r.v, r.time, r.principal_issuer, r.principal_subject, r.principal_username,
  r.principal_groups, r.principal_kind, r.action, r.resource_kind, r.resource_namespace,
  r.resource_name, r.decision, r.reason, r.request_id, r.source_address, r.outcome, r.details,
  r.prev_hash, r.hash
FROM audit_records AS r, f
WHERE r.seq > (SELECT after_seq FROM f)
  AND (f.since IS NULL OR r.time >= f.since)
  AND (f.principal IS NULL OR r.principal_subject = f.principal OR r.principal_username = f.principal)
  AND (f.action IS NULL OR r.action = f.action)
  AND (f.namespace IS NULL OR r.resource_namespace = f.namespace)
  AND (f.decision IS NULL OR r.decision = f.decision)
ORDER BY r.seq
LIMIT (SELECT max_rows FROM f)
