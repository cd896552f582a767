SET LOCAL lock_timeout = '2s';
ALTER TABLE users VALIDATE CONSTRAINT users_email_present;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
