-- Checkpoints after a seq, in seq order. $1 after_seq, $2 limit.
SELECT seq, hash, time, key_id, signature FROM audit_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2
