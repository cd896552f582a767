CREATE TABLE categories (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE
);
INSERT INTO categories (name) SELECT DISTINCT category FROM tasks WHERE category IS NOT NULL;
ALTER TABLE tasks ADD COLUMN category_id INTEGER REFERENCES categories(id);
UPDATE tasks SET category_id = (
  SELECT categories.id FROM categories WHERE categories.name = tasks.category
);
ALTER TABLE tasks DROP COLUMN category;
