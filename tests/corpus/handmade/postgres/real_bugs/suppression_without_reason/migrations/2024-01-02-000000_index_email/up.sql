-- verify-migrations: allow index-blocks-writes
CREATE INDEX users_email ON users (email);
-- verify-migrations: allow table-rewrite -- no rewrite happens here
CREATE INDEX users_email_2 ON users (email);
