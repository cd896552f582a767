CREATE UNIQUE INDEX users_username ON users (username);
