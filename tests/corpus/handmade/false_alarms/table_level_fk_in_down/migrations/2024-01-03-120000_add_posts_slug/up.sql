-- ADD COLUMN cannot add a UNIQUE column: rebuild posts (nothing refers to posts).
CREATE TABLE posts_new (
  id INTEGER PRIMARY KEY NOT NULL,
  user_id INTEGER REFERENCES users,
  title TEXT NOT NULL,
  slug TEXT UNIQUE
);
INSERT INTO posts_new (id, user_id, title) SELECT id, user_id, title FROM posts;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;
