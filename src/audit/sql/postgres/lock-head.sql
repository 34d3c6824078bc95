-- Locks and reads the chain head. The row lock is held until the caller's transaction ends, so a
-- concurrent appender waits here and then reads the head this one leaves (READ COMMITTED re-reads the
-- locked row's newest version).
SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE
