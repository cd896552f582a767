DROP INDEX users_nickname;
