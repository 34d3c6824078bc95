-- Checkpoints after a seq, in seq order. ? in order: after_seq, limit.
SELECT seq, hash, time, key_id, signature FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?
