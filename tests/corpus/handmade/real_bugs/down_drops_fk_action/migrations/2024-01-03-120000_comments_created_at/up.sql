-- ADD COLUMN cannot take a non-constant default: rebuild comments (nothing refers to it).
CREATE TABLE comments_new (
  id INTEGER PRIMARY KEY NOT NULL,
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO comments_new (id, post_id, body) SELECT id, post_id, body FROM comments;
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;
