CREATE TABLE people (
  id INTEGER PRIMARY KEY NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT,
  nickname TEXT
);
