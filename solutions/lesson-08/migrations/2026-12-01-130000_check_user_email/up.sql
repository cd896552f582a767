-- An email has an @. Added NOT VALID, the constraint holds for every new or changed row at
-- once, without reading the rows already there: the lock it needs (ACCESS EXCLUSIVE) lasts
-- an instant. The next migration validates the old rows without blocking writes.
-- lock_timeout: if the app holds the table, give up (and run again later) instead of
-- queueing every other writer behind this migration.
SET LOCAL lock_timeout = '1s';
ALTER TABLE users
    ADD CONSTRAINT ck_users_email_has_at CHECK (email IS NULL OR email LIKE '%_@_%') NOT VALID;
