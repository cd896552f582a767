CREATE TABLE people_new (
  id INTEGER PRIMARY KEY NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT,
  nickname TEXT,
  created_at TIMESTAMP NOT NULL
);
INSERT INTO people_new SELECT *, CURRENT_TIMESTAMP FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
