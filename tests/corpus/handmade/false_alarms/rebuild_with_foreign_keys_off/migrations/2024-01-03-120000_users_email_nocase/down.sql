PRAGMA foreign_keys = OFF;

CREATE TABLE users_old (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  email TEXT
);
INSERT INTO users_old (id, name, email) SELECT id, name, email FROM users;
DROP TABLE users;
ALTER TABLE users_old RENAME TO users;
CREATE INDEX users_name ON users (name);

PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
