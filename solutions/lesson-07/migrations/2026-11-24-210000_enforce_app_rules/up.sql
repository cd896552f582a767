-- ANCHOR: enforce_app_rules
-- The demo app's String(150) and String(30) were never enforced on SQLite, and its
-- "is this username taken?" used LIKE. Here the database itself refuses what the app refuses.
-- A CHECK on an existing table needs a 12-step rebuild; a trigger can be added in place.
CREATE TRIGGER tasks_description_limit_insert BEFORE INSERT ON tasks
    WHEN length(NEW.description) > 150
BEGIN
    SELECT RAISE(ABORT, 'tasks.description is longer than 150 characters');
END;
CREATE TRIGGER tasks_description_limit_update BEFORE UPDATE OF description ON tasks
    WHEN length(NEW.description) > 150
BEGIN
    SELECT RAISE(ABORT, 'tasks.description is longer than 150 characters');
END;
CREATE TRIGGER users_username_limit_insert BEFORE INSERT ON users
    WHEN length(NEW.username) > 30
BEGIN
    SELECT RAISE(ABORT, 'users.username is longer than 30 characters');
END;
CREATE TRIGGER users_username_limit_update BEFORE UPDATE OF username ON users
    WHEN length(NEW.username) > 30
BEGIN
    SELECT RAISE(ABORT, 'users.username is longer than 30 characters');
END;
CREATE TRIGGER users_names_limit_insert BEFORE INSERT ON users
    WHEN length(NEW.first_name) > 30 OR length(NEW.last_name) > 30
BEGIN
    SELECT RAISE(ABORT, 'users.first_name or last_name is longer than 30 characters');
END;
CREATE TRIGGER users_names_limit_update BEFORE UPDATE OF first_name, last_name ON users
    WHEN length(NEW.first_name) > 30 OR length(NEW.last_name) > 30
BEGIN
    SELECT RAISE(ABORT, 'users.first_name or last_name is longer than 30 characters');
END;
-- "bugs" and "BUGS" are the same username, and so are "Äpfel" and "äpfel": each user's
-- username_key is the name case-folded and NFKC-normalised, and it is unique. SQLite cannot
-- compute that key, so the app stores it (workbook::input::username_key). A row written
-- without one (by another program) gets lower(username) when the name is plain ASCII, where
-- lower() gives the app's key; any other name is refused, as only the app can key it. Rows
-- from before this migration are keyed the same way: the plain ASCII ones here, and the rest
-- (`Straße`, whose key is `strasse`) by the app, before it serves its first command.
ALTER TABLE users ADD COLUMN username_key TEXT;
-- Filling the key is no edit of the users: lesson-06's trigger would move updated_at, so it is
-- set aside for the backfill and made again, exactly as it was.
DROP TRIGGER users_updated_at;
UPDATE users SET username_key = lower(username) WHERE username NOT GLOB '*[^ -~]*';
CREATE TRIGGER users_updated_at AFTER UPDATE ON users
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE users SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE UNIQUE INDEX uq_users_username_key ON users(username_key);
CREATE TRIGGER users_username_key_required BEFORE INSERT ON users
    WHEN NEW.username_key IS NULL AND NEW.username GLOB '*[^ -~]*'
BEGIN
    SELECT RAISE(ABORT, 'users.username_key is missing: only the app can key a username beyond ASCII');
END;
CREATE TRIGGER users_username_key_kept BEFORE UPDATE OF username ON users
    WHEN NEW.username_key IS OLD.username_key AND NEW.username IS NOT OLD.username
        AND NEW.username GLOB '*[^ -~]*'
BEGIN
    SELECT RAISE(ABORT, 'users.username_key is missing: only the app can key a username beyond ASCII');
END;
CREATE TRIGGER users_username_key_insert AFTER INSERT ON users
    WHEN NEW.username_key IS NULL
BEGIN
    UPDATE users SET username_key = lower(NEW.username) WHERE id = NEW.id;
END;
CREATE TRIGGER users_username_key_update AFTER UPDATE OF username ON users
    WHEN NEW.username_key IS OLD.username_key
BEGIN
    UPDATE users SET username_key = lower(NEW.username) WHERE id = NEW.id;
END;
-- ANCHOR_END: enforce_app_rules
