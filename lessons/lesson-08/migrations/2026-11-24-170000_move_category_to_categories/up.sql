-- The category text moves to a table of its own; tasks point at it.
CREATE TABLE categories (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL CONSTRAINT uq_categories_name UNIQUE
);

ALTER TABLE tasks ADD COLUMN category_id INTEGER
    CONSTRAINT fk_tasks_category_id REFERENCES categories(id);

INSERT INTO categories (name)
    SELECT DISTINCT category FROM tasks WHERE category IS NOT NULL ORDER BY category;
UPDATE tasks SET category_id = categories.id
    FROM categories WHERE categories.name = tasks.category;

CREATE INDEX ix_tasks_category_id ON tasks(category_id);

-- SQLite needed the 12-step rebuild to drop a column with a foreign key beside it; here it
-- is one statement, and it runs in the migration's transaction like the rest.
ALTER TABLE tasks DROP COLUMN category;
