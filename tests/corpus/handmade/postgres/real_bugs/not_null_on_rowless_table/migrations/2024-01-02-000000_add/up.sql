SET lock_timeout = '1s'; ALTER TABLE locked ADD COLUMN kind TEXT NOT NULL;
