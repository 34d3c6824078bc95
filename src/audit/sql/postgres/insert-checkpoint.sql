-- Stores a signed checkpoint; a second replica signing the same seq changes nothing (first one stays).
-- $1 seq, $2 hash, $3 time, $4 key_id, $5 signature.
INSERT INTO audit_checkpoints (seq, hash, time, key_id, signature) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (seq) DO NOTHING
RETURNING seq
