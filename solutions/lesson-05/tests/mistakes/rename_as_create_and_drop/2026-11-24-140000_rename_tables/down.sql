CREATE TABLE user (id INTEGER PRIMARY KEY NOT NULL, username TEXT);
CREATE TABLE task (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due TEXT,
    category TEXT,
    user_id INTEGER REFERENCES user(id)
);
DROP TABLE tasks;
DROP TABLE users;
