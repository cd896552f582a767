ALTER TABLE posts ADD COLUMN tags varchar[] NOT NULL DEFAULT '{}';
