-- lesson-05 (provisional copy): free-text categories become rows of their own table.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL CONSTRAINT uq_categories_name UNIQUE
);
INSERT INTO categories (name)
    SELECT DISTINCT category FROM tasks WHERE category IS NOT NULL ORDER BY category;
ALTER TABLE tasks ADD COLUMN category_id INTEGER REFERENCES categories(id);
UPDATE tasks SET category_id = (SELECT id FROM categories WHERE name = tasks.category);
CREATE INDEX ix_tasks_category_id ON tasks(category_id);
ALTER TABLE tasks DROP COLUMN category;
