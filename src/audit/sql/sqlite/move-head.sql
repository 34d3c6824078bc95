-- Moves the head to the last appended record. ?1 new seq, ?2 new hash, ?3 the seq the appender read:
-- no row comes back if the head moved meanwhile (the caller's transaction was not serialised).
UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? RETURNING seq
