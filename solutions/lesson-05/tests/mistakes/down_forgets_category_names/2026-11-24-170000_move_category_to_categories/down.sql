-- Gives the column back in its place, but empty: the names are dropped with categories.
CREATE TABLE tasks_before_categories (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due_date TEXT,
    category TEXT,
    user_id INTEGER REFERENCES users(id)
);
INSERT INTO tasks_before_categories (id, description, complete, due_date, user_id)
    SELECT id, description, complete, due_date, user_id FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_before_categories RENAME TO tasks;
DROP TABLE categories;
