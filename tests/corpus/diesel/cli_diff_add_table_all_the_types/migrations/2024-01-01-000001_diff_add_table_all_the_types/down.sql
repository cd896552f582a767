-- This file should undo anything in `up.sql`
DROP TABLE IF EXISTS `all_the_types`;

