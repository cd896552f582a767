CREATE TABLE authors_old (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL
);
INSERT INTO authors_old (id, name) SELECT id, name FROM authors;
DROP TABLE authors;
ALTER TABLE authors_old RENAME TO authors;
