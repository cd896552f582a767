-- This file should undo anything in `up.sql`
drop table users;
