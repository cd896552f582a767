ALTER TABLE users
    DROP COLUMN birthday,
    DROP COLUMN last_name,
    DROP COLUMN first_name,
    DROP COLUMN email;
