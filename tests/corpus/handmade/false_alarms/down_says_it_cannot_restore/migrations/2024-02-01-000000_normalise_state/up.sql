UPDATE posts SET state = 'published' WHERE state <> 'draft';
CREATE INDEX posts_state ON posts (state);
