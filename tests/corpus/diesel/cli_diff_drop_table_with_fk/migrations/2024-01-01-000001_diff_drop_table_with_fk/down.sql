-- This file should undo anything in `up.sql`
CREATE TABLE `posts`(
	`id` INTEGER NOT NULL PRIMARY KEY,
	`title` TEXT NOT NULL,
	`user_id` INTEGER NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`)
);



