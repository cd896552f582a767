-- lesson-05 (provisional copy): plural table names. RENAME keeps every row, and since
-- SQLite 3.26 the foreign key in tasks follows the renamed users table.
ALTER TABLE user RENAME TO users;
ALTER TABLE task RENAME TO tasks;
