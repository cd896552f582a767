-- Your SQL goes here
ALTER TABLE `table_a` DROP COLUMN `code`;
ALTER TABLE `table_a` ADD COLUMN `script` TEXT NOT NULL;


