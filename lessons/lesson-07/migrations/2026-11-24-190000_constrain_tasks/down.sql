-- Back to lesson-05's tasks, by the same rebuild: the constraints, the timestamps (their values
-- are lost), ix_tasks_user_id and the trigger go; every other value comes back.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE new_tasks (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due_date TEXT,
    user_id INTEGER REFERENCES users(id),
    category_id INTEGER REFERENCES categories(id)
);
INSERT INTO new_tasks (id, description, complete, due_date, user_id, category_id)
SELECT id, description, complete, due_date, user_id, category_id FROM tasks;
DROP TABLE tasks;
ALTER TABLE new_tasks RENAME TO tasks;
CREATE INDEX ix_tasks_category_id ON tasks(category_id);

CREATE TEMP TABLE foreign_key_check (
    broken INTEGER CONSTRAINT ck_no_broken_references CHECK (broken = 0)
);
INSERT INTO foreign_key_check SELECT count(*) FROM pragma_foreign_key_check('tasks');
DROP TABLE foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
