DROP TRIGGER users_username_key ON users;
DROP FUNCTION set_username_key();
DROP INDEX uq_users_username_key;
ALTER TABLE users
    DROP COLUMN username_key,
    DROP CONSTRAINT ck_users_last_name_length,
    DROP CONSTRAINT ck_users_first_name_length,
    DROP CONSTRAINT ck_users_username_length;
ALTER TABLE tasks DROP CONSTRAINT ck_tasks_description_length;
