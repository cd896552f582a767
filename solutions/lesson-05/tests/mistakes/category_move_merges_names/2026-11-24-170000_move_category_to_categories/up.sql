-- "Tidying" the names on the way: Shopping and shopping become one category, and every name
-- is changed.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL CONSTRAINT uq_categories_name UNIQUE
);
ALTER TABLE tasks ADD COLUMN category_id INTEGER REFERENCES categories(id);
INSERT INTO categories (name)
    SELECT DISTINCT lower(category) FROM tasks WHERE category IS NOT NULL;
UPDATE tasks
    SET category_id = (SELECT id FROM categories WHERE categories.name = lower(tasks.category));
CREATE INDEX ix_tasks_category_id ON tasks(category_id);
ALTER TABLE tasks DROP COLUMN category;
