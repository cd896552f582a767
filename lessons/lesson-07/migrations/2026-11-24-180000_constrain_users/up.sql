-- ANCHOR: rebuild
-- users: username becomes NOT NULL and UNIQUE; created_at and updated_at are added.
-- SQLite cannot ALTER a constraint, so this is the 12-step rebuild from SQLite's manual
-- ("Making Other Kinds Of Table Schema Changes"). metadata.toml runs it outside diesel's
-- transaction, because PRAGMA foreign_keys is silently ignored inside one.

-- Foreign keys off, so dropping users neither fails nor touches the tasks that point at it.
PRAGMA foreign_keys = OFF;
BEGIN;

-- The new shape, under a temporary name, every constraint named.
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

-- Copy every row; created_at and updated_at take their default, the time of this migration.
INSERT INTO new_users (id, username, email, first_name, last_name, birthday)
SELECT id, username, email, first_name, last_name, birthday FROM users;

-- Drop the old table, then give the NEW one the name (never rename the old one first).
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;

-- Recreate the table's indexes and triggers: users had none; it gains the trigger that keeps
-- updated_at current (the lecture's onupdate), unless an UPDATE sets updated_at itself.
CREATE TRIGGER users_updated_at AFTER UPDATE ON users
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
-- ANCHOR_END: rebuild

-- ANCHOR: foreign_key_check
-- PRAGMA foreign_key_check lists the rows whose parent is missing, but a migration file's
-- results go nowhere: turn "any row listed" into an error that stops the migration. Check what
-- this rebuild can have broken, not the whole database: the foreign keys of users itself and
-- of its children, the tables whose rows point at users (here only tasks).
CREATE TEMP TABLE foreign_key_check (
    broken INTEGER CONSTRAINT ck_no_broken_references CHECK (broken = 0)
);
INSERT INTO foreign_key_check
SELECT (SELECT count(*) FROM pragma_foreign_key_check('users'))
     + (SELECT count(*) FROM pragma_foreign_key_check('tasks'));
DROP TABLE foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
-- ANCHOR_END: foreign_key_check
