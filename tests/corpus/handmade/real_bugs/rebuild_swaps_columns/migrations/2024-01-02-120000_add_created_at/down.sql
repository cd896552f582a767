CREATE TABLE people_old (
  id INTEGER PRIMARY KEY NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT,
  nickname TEXT
);
INSERT INTO people_old (id, first_name, last_name, nickname)
  SELECT id, first_name, last_name, nickname FROM people;
DROP TABLE people;
ALTER TABLE people_old RENAME TO people;
