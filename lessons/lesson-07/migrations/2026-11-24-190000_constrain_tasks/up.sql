-- lesson-06 (provisional copy): the 12-step rebuild of tasks with named constraints,
-- ON DELETE CASCADE, timestamps and the updated_at trigger.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_tasks (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL CONSTRAINT ck_tasks_description_not_blank CHECK (trim(description) <> ''),
    complete BOOLEAN NOT NULL DEFAULT 0,
    due_date TEXT,
    user_id INTEGER CONSTRAINT fk_tasks_user_id REFERENCES users(id) ON DELETE CASCADE,
    category_id INTEGER CONSTRAINT fk_tasks_category_id REFERENCES categories(id),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_tasks (id, description, complete, due_date, user_id, category_id)
    SELECT id, description, complete, due_date, user_id, category_id FROM tasks;
DROP TABLE tasks;
ALTER TABLE new_tasks RENAME TO tasks;
CREATE INDEX ix_tasks_category_id ON tasks(category_id);
CREATE INDEX ix_tasks_user_id ON tasks(user_id);
CREATE TRIGGER tasks_updated_at AFTER UPDATE ON tasks
    FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
