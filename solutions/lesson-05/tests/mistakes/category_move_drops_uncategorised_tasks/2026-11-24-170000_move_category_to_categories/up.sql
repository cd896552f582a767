-- A rebuild that copies tasks through an inner join: tasks without a category do not come along.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL CONSTRAINT uq_categories_name UNIQUE
);
INSERT INTO categories (name)
    SELECT DISTINCT category FROM tasks WHERE category IS NOT NULL ORDER BY category;
CREATE TABLE tasks_new (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due_date TEXT,
    user_id INTEGER REFERENCES users(id),
    category_id INTEGER REFERENCES categories(id)
);
INSERT INTO tasks_new
    SELECT tasks.id, tasks.description, tasks.complete, tasks.due_date, tasks.user_id, categories.id
    FROM tasks JOIN categories ON categories.name = tasks.category;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX ix_tasks_category_id ON tasks(category_id);
