CREATE INDEX users_hair_color ON users (hair_color);
CREATE INDEX posts_user_id ON posts (user_id);
