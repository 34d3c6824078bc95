-- Inserts a batch and moves the head in one round trip. $1..$20: one array per column, in the order
-- below; $21 new head seq, $22 new head hash, $23 the head seq the appender locked (moved = 0 if it
-- differs, which cannot happen under the lock).
WITH inserted AS (
  INSERT INTO audit_records (
    seq, v, time, principal_issuer, principal_subject, principal_username, principal_groups, principal_kind,
    action, resource_kind, resource_namespace, resource_name, decision, reason, request_id, source_address,
    outcome, details, prev_hash, hash
  )
  SELECT * FROM unnest(
    $1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
    $17::text[], $18::text[], $19::text[], $20::text[]
  )
  RETURNING seq
), moved AS (
  UPDATE audit_head SET seq = $21, hash = $22 WHERE id = 1 AND seq = $23 RETURNING seq
)
SELECT (SELECT count(*) FROM inserted)::integer AS inserted, (SELECT count(*) FROM moved)::integer AS moved
