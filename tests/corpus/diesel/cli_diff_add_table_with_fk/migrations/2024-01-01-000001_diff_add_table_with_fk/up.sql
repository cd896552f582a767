-- Your SQL goes here
CREATE TABLE `posts`(
	`post_id` INTEGER NOT NULL PRIMARY KEY,
	`title` TEXT NOT NULL,
	`body` TEXT,
	`foreign_key_user_id` INTEGER NOT NULL,
	FOREIGN KEY (`foreign_key_user_id`) REFERENCES `users`(`user_id`)
);
