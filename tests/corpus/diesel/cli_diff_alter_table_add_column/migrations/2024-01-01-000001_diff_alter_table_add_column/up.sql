-- Your SQL goes here
ALTER TABLE `users` ADD COLUMN `hair_color` TEXT;

