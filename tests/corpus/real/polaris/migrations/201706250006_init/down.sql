DROP TABLE directories;
DROP TABLE songs;