CREATE INDEX post_user_id ON post (user_id);
