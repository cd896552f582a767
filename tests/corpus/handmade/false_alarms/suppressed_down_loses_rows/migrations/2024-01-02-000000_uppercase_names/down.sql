-- verify-migrations: allow down-loses-rows -- the old spelling of names cannot be restored

UPDATE users SET name = name;
