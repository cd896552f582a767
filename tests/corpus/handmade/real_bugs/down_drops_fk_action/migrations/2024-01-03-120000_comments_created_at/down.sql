CREATE TABLE comments_old (
  id INTEGER PRIMARY KEY NOT NULL,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  body TEXT NOT NULL
);
INSERT INTO comments_old (id, post_id, body) SELECT id, post_id, body FROM comments;
DROP TABLE comments;
ALTER TABLE comments_old RENAME TO comments;
