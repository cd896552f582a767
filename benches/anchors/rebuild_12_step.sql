-- Anchor for the million_rows benchmark: lesson-06's two constraint changes as the 12 steps of
-- SQLite's manual ("Making Other Kinds Of Table Schema Changes", sqlite.org/lang_altertable.html)
-- wrote them, run by the sqlite3 shell: `sqlite3 -bail DATABASE < rebuild_12_step.sql`.
-- Written for this project. Step 10, PRAGMA foreign_key_check, is the manual's plain pragma:
-- the shell prints the rows it finds and carries on (the workbook's migrations turn a found
-- row into an error, which this anchor does not).

-- 1. foreign keys off (outside any transaction, or SQLite ignores it)
PRAGMA foreign_keys = OFF;
-- 2. one transaction for the whole change
BEGIN;

-- users: username NOT NULL and UNIQUE, created_at and updated_at.
-- 4. the new table under a temporary name; 5. copy the rows
CREATE TABLE new_users (
    id INTEGER PRIMARY KEY NOT NULL,
    username TEXT NOT NULL CONSTRAINT uq_users_username UNIQUE,
    email TEXT,
    first_name TEXT,
    last_name TEXT,
    birthday DATE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_users (id, username, email, first_name, last_name, birthday)
SELECT id, username, email, first_name, last_name, birthday FROM users;
-- 6. drop the old; 7. rename the new
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;
-- 8. indexes and triggers
CREATE TRIGGER users_updated_at AFTER UPDATE ON users
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;

-- tasks: CHECK against a blank description, named foreign keys, ON DELETE CASCADE, timestamps.
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

-- 10. the foreign-key check, once, over the whole database
PRAGMA foreign_key_check;
-- 11. commit; 12. foreign keys back on
COMMIT;
PRAGMA foreign_keys = ON;
