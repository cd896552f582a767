CREATE TABLE users_old (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  email TEXT
);
INSERT INTO users_old (id, name, email) SELECT id, name, email FROM users;
DROP TABLE users;
ALTER TABLE users_old RENAME TO users;
CREATE UNIQUE INDEX users_email ON users (email);
