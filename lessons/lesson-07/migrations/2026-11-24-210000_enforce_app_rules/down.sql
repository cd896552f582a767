DROP TRIGGER users_username_key_update;
DROP TRIGGER users_username_key_insert;
DROP INDEX uq_users_username_key;
ALTER TABLE users DROP COLUMN username_key;
DROP TRIGGER users_username_limit_update;
DROP TRIGGER users_username_limit_insert;
DROP TRIGGER tasks_description_limit_update;
DROP TRIGGER tasks_description_limit_insert;
