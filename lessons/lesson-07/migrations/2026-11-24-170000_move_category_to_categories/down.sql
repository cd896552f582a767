-- Put the names back in a category column at its old place (a rebuild keeps the column
-- order), then drop categories. Nothing references tasks at this stage.
CREATE TABLE new_tasks (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due_date TEXT,
    category TEXT,
    user_id INTEGER REFERENCES users(id)
);
INSERT INTO new_tasks (id, description, complete, due_date, category, user_id)
    SELECT t.id, t.description, t.complete, t.due_date, c.name, t.user_id
    FROM tasks t LEFT JOIN categories c ON c.id = t.category_id;
DROP TABLE tasks;
ALTER TABLE new_tasks RENAME TO tasks;
DROP TABLE categories;
