ALTER TABLE users DROP COLUMN birthday;
ALTER TABLE users DROP COLUMN last_name;
ALTER TABLE users DROP COLUMN first_name;
ALTER TABLE users DROP COLUMN email;
