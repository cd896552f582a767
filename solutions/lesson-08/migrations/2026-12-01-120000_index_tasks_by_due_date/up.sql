-- `my-tasks` and `by-date` read a user's tasks by due date. A plain CREATE INDEX would hold
-- a SHARE lock for the whole build: every insert and update of tasks waits. CONCURRENTLY
-- takes a lock writers do not wait for, and builds while they go on.
CREATE INDEX CONCURRENTLY ix_tasks_user_id_due_date ON tasks (user_id, due_date);
