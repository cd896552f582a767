-- ANCHOR: up
-- 1. The new table: one row per category name.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL CONSTRAINT uq_categories_name UNIQUE
);

-- 2. The new link, empty for now.
ALTER TABLE tasks ADD COLUMN category_id INTEGER REFERENCES categories(id);

-- 3. Move the data: each distinct name once (NULL is not a category), then point every task
--    at its name's row. Tasks without a category keep category_id NULL.
INSERT INTO categories (name)
    SELECT DISTINCT category FROM tasks WHERE category IS NOT NULL ORDER BY category;
UPDATE tasks
    SET category_id = (SELECT id FROM categories WHERE categories.name = tasks.category);

CREATE INDEX ix_tasks_category_id ON tasks(category_id);

-- 4. Only now that every name has a new home, drop the old column.
ALTER TABLE tasks DROP COLUMN category;
-- ANCHOR_END: up
