-- SQLite cannot change a column's collation in place: rebuild users (the 12 steps of
-- https://www.sqlite.org/lang_altertable.html). This project opens its connection with
-- foreign keys off before migrating, so DROP TABLE users neither fails nor cascades.
PRAGMA foreign_keys = OFF;

CREATE TABLE users_new (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  email TEXT COLLATE NOCASE
);
INSERT INTO users_new (id, name, email) SELECT id, name, email FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_name ON users (name);

PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
