DROP INDEX posts_title;
