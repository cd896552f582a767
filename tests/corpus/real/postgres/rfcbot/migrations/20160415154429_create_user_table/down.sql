DROP TABLE githubuser
