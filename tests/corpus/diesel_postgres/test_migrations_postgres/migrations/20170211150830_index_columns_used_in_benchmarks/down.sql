DROP INDEX users_hair_color;
DROP INDEX posts_user_id;
