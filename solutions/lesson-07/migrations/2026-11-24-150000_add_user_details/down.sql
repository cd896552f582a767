-- ANCHOR: down
-- DROP COLUMN (SQLite 3.35+) throws the values away: anything written into these columns
-- since `up` is lost. The rows themselves, and their ids and usernames, stay.
ALTER TABLE users DROP COLUMN birthday;
ALTER TABLE users DROP COLUMN last_name;
ALTER TABLE users DROP COLUMN first_name;
ALTER TABLE users DROP COLUMN email;
-- ANCHOR_END: down
