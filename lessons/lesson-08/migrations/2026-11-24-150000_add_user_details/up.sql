ALTER TABLE users
    ADD COLUMN email TEXT,
    ADD COLUMN first_name TEXT,
    ADD COLUMN last_name TEXT,
    ADD COLUMN birthday DATE;
