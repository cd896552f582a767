SET LOCAL lock_timeout = '1s';
ALTER TABLE tasks DROP COLUMN priority;
