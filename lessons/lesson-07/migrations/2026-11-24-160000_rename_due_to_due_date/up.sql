-- ANCHOR: up
ALTER TABLE tasks RENAME COLUMN due TO due_date;
-- ANCHOR_END: up
