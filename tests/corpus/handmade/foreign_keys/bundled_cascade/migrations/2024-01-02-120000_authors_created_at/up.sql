-- ADD COLUMN cannot take a non-constant default: rebuild authors.
CREATE TABLE authors_new (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO authors_new (id, name) SELECT id, name FROM authors;
DROP TABLE authors;
ALTER TABLE authors_new RENAME TO authors;
