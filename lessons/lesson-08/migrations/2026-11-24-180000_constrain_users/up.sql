-- SQLite rebuilt the table in twelve steps to change its constraints; PostgreSQL changes
-- them in place, in one ALTER TABLE, inside the migration's transaction: if any row breaks
-- a rule (two users named alike, a NULL username), the whole migration rolls back.
ALTER TABLE users
    ALTER COLUMN username SET NOT NULL,
    ADD CONSTRAINT uq_users_username UNIQUE (username),
    ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- The lecture's `onupdate`: a trigger function sets updated_at on every change that does
-- not set it itself.
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
