-- lesson-05 (provisional copy): the demo app's column name.
ALTER TABLE tasks RENAME COLUMN due TO due_date;
