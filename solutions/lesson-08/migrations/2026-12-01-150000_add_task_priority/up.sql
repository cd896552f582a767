-- A NOT NULL column with a constant default: since PostgreSQL 11 the default is kept in the
-- catalogue and no row is rewritten, so the ACCESS EXCLUSIVE lock lasts an instant.
SET LOCAL lock_timeout = '1s';
ALTER TABLE tasks ADD COLUMN priority SMALLINT NOT NULL DEFAULT 0;
