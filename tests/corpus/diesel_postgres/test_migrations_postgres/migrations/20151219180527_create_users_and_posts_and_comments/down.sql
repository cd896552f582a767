DROP TABLE users;
DROP TABLE posts;
DROP TABLE comments;
