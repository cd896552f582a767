-- Puts every name back, but ADD COLUMN appends: category now comes after user_id, so the
-- table is not the one that was there before `up`.
ALTER TABLE tasks ADD COLUMN category TEXT;
UPDATE tasks SET category = (SELECT name FROM categories WHERE categories.id = tasks.category_id);
DROP INDEX ix_tasks_category_id;
ALTER TABLE tasks DROP COLUMN category_id;
DROP TABLE categories;
