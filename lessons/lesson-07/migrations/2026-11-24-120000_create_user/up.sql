-- The lecture's first revision: a user with a username.
CREATE TABLE user (
    id INTEGER PRIMARY KEY NOT NULL,
    username TEXT
);
