-- The naive way: the CHECK reads every row of users under an ACCESS EXCLUSIVE lock (no read
-- or write of users meanwhile), with no lock_timeout to give up behind a long transaction.
ALTER TABLE users
    ADD CONSTRAINT ck_users_email_has_at CHECK (email IS NULL OR email LIKE '%_@_%');
