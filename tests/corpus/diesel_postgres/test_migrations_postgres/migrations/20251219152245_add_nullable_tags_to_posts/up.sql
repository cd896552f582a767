ALTER TABLE posts ADD COLUMN nullable_tags varchar[];
