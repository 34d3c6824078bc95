-- The chain head, without locking it (for readers).
SELECT seq, hash FROM audit_head WHERE id = 1
