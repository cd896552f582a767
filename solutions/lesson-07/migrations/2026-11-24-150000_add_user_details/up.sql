-- ANCHOR: up
-- New columns are appended; every existing user gets NULL in them.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN first_name TEXT;
ALTER TABLE users ADD COLUMN last_name TEXT;
ALTER TABLE users ADD COLUMN birthday DATE;
-- ANCHOR_END: up
