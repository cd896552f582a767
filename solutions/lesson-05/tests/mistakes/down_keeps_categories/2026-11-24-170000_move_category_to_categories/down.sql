-- ADD COLUMN can only append, and tasks.category sat between due_date and user_id: to give
-- back the table exactly as it was, rebuild it in its old shape and copy every row across,
-- each with its category's name. Nothing refers to tasks yet, so dropping it is safe inside
-- this migration's transaction.
CREATE TABLE tasks_before_categories (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due_date TEXT,
    category TEXT,
    user_id INTEGER REFERENCES users(id)
);
INSERT INTO tasks_before_categories (id, description, complete, due_date, category, user_id)
    SELECT tasks.id, tasks.description, tasks.complete, tasks.due_date, categories.name, tasks.user_id
    FROM tasks LEFT JOIN categories ON categories.id = tasks.category_id;
DROP TABLE tasks;
ALTER TABLE tasks_before_categories RENAME TO tasks;
