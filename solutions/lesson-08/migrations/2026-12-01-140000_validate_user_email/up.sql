-- Reads every row, under a lock (SHARE UPDATE EXCLUSIVE) that lets the app read and write.
ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_has_at;
