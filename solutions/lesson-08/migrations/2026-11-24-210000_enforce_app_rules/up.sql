-- The app's limits, in the database: SQLite needed a trigger per rule and per statement;
-- here each is a CHECK constraint.
ALTER TABLE tasks
    ADD CONSTRAINT ck_tasks_description_length CHECK (char_length(description) <= 150);
ALTER TABLE users
    ADD CONSTRAINT ck_users_username_length CHECK (char_length(username) <= 30),
    ADD CONSTRAINT ck_users_first_name_length CHECK (char_length(first_name) <= 30),
    ADD CONSTRAINT ck_users_last_name_length CHECK (char_length(last_name) <= 30),
    ADD COLUMN username_key TEXT;

-- Usernames that differ only in case are one username: the app stores each username's
-- case-folded key (workbook::input::username_key); rows written by hand get lower(username)
-- when the name is plain ASCII, where lower() gives the app's key (COLLATE "C": ASCII letters
-- only, whatever the database's locale), and are refused otherwise. Rows already here are
-- keyed the same way: the plain ASCII ones now, the rest (`Straße`, whose key is `strasse`) by
-- the app, before it serves its first command. Filling the new column is not an edit of the
-- users: the updated_at trigger is off meanwhile.
ALTER TABLE users DISABLE TRIGGER users_updated_at;
UPDATE users SET username_key = lower(username COLLATE "C") WHERE username !~ '[^ -~]';
ALTER TABLE users ENABLE TRIGGER users_updated_at;
CREATE UNIQUE INDEX uq_users_username_key ON users(username_key);

-- A new row without a key, or a new username with the old key, is keyed here; a row still
-- waiting for the app's key keeps waiting while its other columns change.
CREATE FUNCTION set_username_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'INSERT' AND NEW.username_key IS NULL)
        OR (TG_OP = 'UPDATE' AND NEW.username IS DISTINCT FROM OLD.username
            AND NEW.username_key IS NOT DISTINCT FROM OLD.username_key) THEN
        IF NEW.username ~ '[^ -~]' THEN
            RAISE EXCEPTION 'users.username_key is missing: only the app can key a username beyond ASCII';
        END IF;
        NEW.username_key := lower(NEW.username COLLATE "C");
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER users_username_key BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_username_key();
