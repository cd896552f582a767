DROP TABLE author_stats;
CREATE TABLE author_stats (author TEXT PRIMARY KEY, posts INTEGER NOT NULL);
INSERT INTO author_stats SELECT author, count(*) FROM posts GROUP BY author;
