ALTER TABLE tasks RENAME COLUMN due_date TO due;
