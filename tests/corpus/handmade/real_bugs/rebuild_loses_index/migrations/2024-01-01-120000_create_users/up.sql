CREATE TABLE users (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  email TEXT
);
CREATE UNIQUE INDEX users_email ON users (email);
