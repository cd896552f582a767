-- The naive way: one RENAME. It is instant once it has its lock, but the app still running
-- writes tags.name, which is gone.
ALTER TABLE tags RENAME COLUMN name TO label;
