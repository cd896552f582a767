-- safety-assured:start
-- users is small: the index builds in milliseconds.
CREATE INDEX users_email ON users (email);
-- safety-assured:end
