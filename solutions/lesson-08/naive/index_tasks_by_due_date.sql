-- The naive way: a plain CREATE INDEX holds a SHARE lock on tasks until the build ends, and
-- every insert, update and delete of tasks waits for it.
CREATE INDEX ix_tasks_user_id_due_date ON tasks (user_id, due_date);
