ALTER TABLE users ADD COLUMN nickname TEXT;
CREATE INDEX users_nickname ON users (nickname);
