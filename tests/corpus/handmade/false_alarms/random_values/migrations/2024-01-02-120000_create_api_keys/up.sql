CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  token TEXT NOT NULL UNIQUE
);
-- every existing user gets a first key
INSERT INTO api_keys (user_id, token) SELECT id, hex(randomblob(16)) FROM users;
