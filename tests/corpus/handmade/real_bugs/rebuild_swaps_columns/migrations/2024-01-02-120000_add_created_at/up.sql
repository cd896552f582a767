-- a rebuild that adds created_at, copying with SELECT *: but people_new lists last_name
-- before first_name, so every first name lands in last_name and every last name in first_name
CREATE TABLE people_new (
  id INTEGER PRIMARY KEY NOT NULL,
  last_name TEXT,
  first_name TEXT NOT NULL,
  nickname TEXT,
  created_at TIMESTAMP NOT NULL
);
INSERT INTO people_new SELECT *, CURRENT_TIMESTAMP FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
