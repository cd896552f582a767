DROP INDEX users_name;
DROP TABLE users;
