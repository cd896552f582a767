-- Back to lesson-05's users, by the same rebuild. created_at and updated_at are dropped:
-- their values are lost, every other value comes back.
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

CREATE TEMP TABLE foreign_key_check (
    broken INTEGER CONSTRAINT ck_no_broken_references CHECK (broken = 0)
);
INSERT INTO foreign_key_check
SELECT (SELECT count(*) FROM pragma_foreign_key_check('users'))
     + (SELECT count(*) FROM pragma_foreign_key_check('tasks'));
DROP TABLE foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
