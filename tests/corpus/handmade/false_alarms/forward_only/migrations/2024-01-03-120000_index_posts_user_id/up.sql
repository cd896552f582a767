CREATE INDEX posts_user_id ON posts (user_id);
