-- Your SQL goes here
DROP TABLE IF EXISTS `users`;

