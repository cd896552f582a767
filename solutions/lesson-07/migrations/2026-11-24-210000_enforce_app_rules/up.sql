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
-- "bugs" and "BUGS" are the same username: unique on the lower-cased name (ASCII letters,
-- as SQLite's lower() folds them).
CREATE UNIQUE INDEX uq_users_username_lower ON users(lower(username));
-- ANCHOR_END: enforce_app_rules
