ALTER TABLE tasks ADD COLUMN category TEXT;
UPDATE tasks SET category = (SELECT name FROM categories WHERE categories.id = tasks.category_id);
ALTER TABLE tasks DROP COLUMN category_id;
DROP TABLE categories;
