-- author_id refers to users, which the next migration creates: SQLite allows it.
CREATE TABLE posts (
  id INTEGER PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL
);
