ALTER TABLE tasks RENAME COLUMN due TO due_date;
