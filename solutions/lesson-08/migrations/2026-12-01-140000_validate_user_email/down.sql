-- A constraint cannot be made NOT VALID again: drop it and add it back unvalidated.
SET LOCAL lock_timeout = '1s';
ALTER TABLE users
    DROP CONSTRAINT ck_users_email_has_at,
    ADD CONSTRAINT ck_users_email_has_at CHECK (email IS NULL OR email LIKE '%_@_%') NOT VALID;
