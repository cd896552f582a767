SET LOCAL lock_timeout = '1s';
-- verify-migrations: allow index-blocks-writes -- settings holds one row: the build is instant
CREATE INDEX settings_theme ON settings (theme);
