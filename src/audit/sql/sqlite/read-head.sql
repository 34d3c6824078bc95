-- The chain head. Inside the caller's BEGIN IMMEDIATE transaction, no other writer can move it until COMMIT.
SELECT seq, hash FROM audit_head WHERE id = 1
