-- The newest checkpoint, if any.
SELECT seq, hash, time, key_id, signature FROM audit_checkpoints ORDER BY seq DESC LIMIT 1
