DROP TABLE author_stats; DROP TABLE posts;
