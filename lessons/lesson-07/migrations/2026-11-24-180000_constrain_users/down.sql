PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_users (
    id INTEGER PRIMARY KEY NOT NULL,
    username TEXT,
    email TEXT,
    first_name TEXT,
    last_name TEXT,
    birthday DATE
);
INSERT INTO new_users (id, username, email, first_name, last_name, birthday)
    SELECT id, username, email, first_name, last_name, birthday FROM users;
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
