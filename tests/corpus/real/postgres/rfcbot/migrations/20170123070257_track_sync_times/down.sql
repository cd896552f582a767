DROP TABLE githubsync
