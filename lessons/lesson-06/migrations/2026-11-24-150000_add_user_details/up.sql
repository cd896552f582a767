-- Provisional copy of lesson-05's migration (to the spec in stages.md); lesson-05's own replaces it.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN first_name TEXT;
ALTER TABLE users ADD COLUMN last_name TEXT;
ALTER TABLE users ADD COLUMN birthday DATE;
