-- The lecture's autogenerate mistake: make the new tables, drop the old ones. The rows go with them.
CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, username TEXT);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due TEXT,
    category TEXT,
    user_id INTEGER REFERENCES users(id)
);
DROP TABLE task;
DROP TABLE user;
