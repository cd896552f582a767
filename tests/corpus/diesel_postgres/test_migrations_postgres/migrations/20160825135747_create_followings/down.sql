DROP TABLE followings;
