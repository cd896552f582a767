DROP TABLE issuecomment
