-- Your SQL goes here
DROP TABLE IF EXISTS `test`;
DROP TABLE IF EXISTS `test2`;

