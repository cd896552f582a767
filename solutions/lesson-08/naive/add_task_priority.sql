-- The naive way, as on SQLite: add the column, fill it, then make it NOT NULL. The UPDATE
-- writes a new version of every row, and SET NOT NULL reads them all again, all under the
-- ACCESS EXCLUSIVE lock the ALTER TABLE took.
ALTER TABLE tasks ADD COLUMN priority SMALLINT;
UPDATE tasks SET priority = 0;
ALTER TABLE tasks ALTER COLUMN priority SET NOT NULL;
ALTER TABLE tasks ALTER COLUMN priority SET DEFAULT 0;
