-- ANCHOR: up
-- Rename, never re-create: the rows stay where they are. Since SQLite 3.26 the foreign key
-- task.user_id -> user(id) is rewritten to point at users(id) by the first statement.
ALTER TABLE user RENAME TO users;
ALTER TABLE task RENAME TO tasks;
-- ANCHOR_END: up
