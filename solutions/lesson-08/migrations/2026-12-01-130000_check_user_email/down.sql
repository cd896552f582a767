SET LOCAL lock_timeout = '1s';
ALTER TABLE users DROP CONSTRAINT ck_users_email_has_at;
