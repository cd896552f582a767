DROP TRIGGER users_updated_at ON users;
DROP FUNCTION set_updated_at();
ALTER TABLE users
    DROP COLUMN updated_at,
    DROP COLUMN created_at,
    DROP CONSTRAINT uq_users_username,
    ALTER COLUMN username DROP NOT NULL;
