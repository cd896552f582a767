ALTER TABLE tasks ADD COLUMN category TEXT;
UPDATE tasks SET category = categories.name
    FROM categories WHERE categories.id = tasks.category_id;
ALTER TABLE tasks DROP COLUMN category_id;
DROP TABLE categories;
