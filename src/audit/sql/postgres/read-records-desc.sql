-- Records before a seq, newest first, narrowed by the optional filters (NULL = no filter).
-- $1 before_seq, $2 since, $3 principal (subject or username), $4 action, $5 namespace, $6 decision, $7 limit.
SELECT
  seq, v, time, principal_issuer, principal_subject, principal_username, principal_groups, principal_kind,
  action, resource_kind, resource_namespace, resource_name, decision, reason, request_id, source_address,
  outcome, details, prev_hash, hash
FROM audit_records
WHERE seq < $1
  AND ($2::text IS NULL OR time >= $2)
  AND ($3::text IS NULL OR principal_subject = $3 OR principal_username = $3)
  AND ($4::text IS NULL OR action = $4)
  AND ($5::text IS NULL OR resource_namespace = $5)
  AND ($6::text IS NULL OR decision = $6)
ORDER BY seq DESC
LIMIT $7
