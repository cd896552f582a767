-- Your SQL goes here
CREATE TABLE `users`(
	`id` INTEGER NOT NULL,
	`other_key` INTEGER NOT NULL,
	`name` TEXT NOT NULL,
	PRIMARY KEY(`id`, `other_key`)
);


