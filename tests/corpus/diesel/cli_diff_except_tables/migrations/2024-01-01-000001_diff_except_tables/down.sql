-- This file should undo anything in `up.sql`
ALTER TABLE `table_a` DROP COLUMN `script`;
ALTER TABLE `table_a` ADD COLUMN `code` TEXT NOT NULL;


