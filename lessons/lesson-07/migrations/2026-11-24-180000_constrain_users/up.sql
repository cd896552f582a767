-- lesson-06 (provisional copy): the 12-step rebuild of users, outside diesel's transaction
-- so that foreign keys can be switched off while tasks still points at the old table.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_users (
    id INTEGER PRIMARY KEY NOT NULL,
    username TEXT NOT NULL CONSTRAINT uq_users_username UNIQUE,
    email TEXT,
    first_name TEXT,
    last_name TEXT,
    birthday DATE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_users (id, username, email, first_name, last_name, birthday)
    SELECT id, username, email, first_name, last_name, birthday FROM users;
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;
CREATE TRIGGER users_updated_at AFTER UPDATE ON users
    FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
