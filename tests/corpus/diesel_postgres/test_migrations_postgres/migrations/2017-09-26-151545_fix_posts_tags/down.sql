ALTER TABLE posts ALTER COLUMN tags TYPE varchar[];
