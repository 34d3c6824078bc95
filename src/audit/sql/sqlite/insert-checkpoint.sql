-- Stores a signed checkpoint; a second replica signing the same seq changes nothing (first one stays).
-- ? in order: seq, hash, time, key_id, signature.
INSERT INTO audit_checkpoints (seq, hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (seq) DO NOTHING
RETURNING seq
