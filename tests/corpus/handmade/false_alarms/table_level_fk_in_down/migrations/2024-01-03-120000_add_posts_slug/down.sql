CREATE TABLE posts_old (
  id INTEGER PRIMARY KEY NOT NULL,
  user_id INTEGER,
  title TEXT NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users(id)
);
INSERT INTO posts_old (id, user_id, title) SELECT id, user_id, title FROM posts;
DROP TABLE posts;
ALTER TABLE posts_old RENAME TO posts;
