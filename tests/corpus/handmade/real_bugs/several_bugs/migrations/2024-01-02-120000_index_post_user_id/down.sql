DROP INDEX IF EXIST post_user_id;
