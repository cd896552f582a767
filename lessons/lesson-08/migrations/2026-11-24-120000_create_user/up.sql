-- The lecture's first revision: a user with a username. USER is a reserved word in
-- PostgreSQL, so the table's name is quoted (SQLite let it pass bare); the next migrations
-- rename it to users. The key is an identity column: PostgreSQL numbers the rows itself.
CREATE TABLE "user" (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT
);
