-- lesson-05 (provisional copy): what the demo app knows about a user.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN first_name TEXT;
ALTER TABLE users ADD COLUMN last_name TEXT;
ALTER TABLE users ADD COLUMN birthday DATE;
