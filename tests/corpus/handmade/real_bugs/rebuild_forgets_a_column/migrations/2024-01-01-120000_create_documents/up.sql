CREATE TABLE documents (
  id INTEGER PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  metadata TEXT
);
