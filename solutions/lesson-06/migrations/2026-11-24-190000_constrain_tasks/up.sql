-- tasks: a CHECK against a blank description, user_id cascades on delete, every constraint
-- named, created_at and updated_at added, and an index on user_id. The same 12-step rebuild.
PRAGMA foreign_keys = OFF;
BEGIN;

-- ANCHOR: new_tasks
CREATE TABLE new_tasks (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL
        CONSTRAINT ck_tasks_description_not_blank CHECK (trim(description) <> ''),
    complete BOOLEAN NOT NULL DEFAULT 0,
    due_date TEXT,
    user_id INTEGER CONSTRAINT fk_tasks_user_id REFERENCES users(id) ON DELETE CASCADE,
    category_id INTEGER CONSTRAINT fk_tasks_category_id REFERENCES categories(id),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- ANCHOR_END: new_tasks

INSERT INTO new_tasks (id, description, complete, due_date, user_id, category_id)
SELECT id, description, complete, due_date, user_id, category_id FROM tasks;

DROP TABLE tasks;
ALTER TABLE new_tasks RENAME TO tasks;

-- ANCHOR: recreate
-- DROP TABLE took the table's index with it: recreate it, then add the new ones.
CREATE INDEX ix_tasks_category_id ON tasks(category_id);
CREATE INDEX ix_tasks_user_id ON tasks(user_id);
CREATE TRIGGER tasks_updated_at AFTER UPDATE ON tasks
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
-- ANCHOR_END: recreate

-- The foreign-key check of what this rebuild can have broken: tasks' own foreign keys (no
-- table points at tasks yet).
CREATE TEMP TABLE foreign_key_check (
    broken INTEGER CONSTRAINT ck_no_broken_references CHECK (broken = 0)
);
INSERT INTO foreign_key_check SELECT count(*) FROM pragma_foreign_key_check('tasks');
DROP TABLE foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
