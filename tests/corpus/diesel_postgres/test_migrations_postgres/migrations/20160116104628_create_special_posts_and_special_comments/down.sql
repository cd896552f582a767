DROP TABLE special_posts;
DROP TABLE special_comments;
