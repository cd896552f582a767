ALTER TABLE posts DROP COLUMN nullable_tags;
