-- Provisional copy of lesson-05's migration (to the spec in stages.md); lesson-05's own replaces it.
ALTER TABLE tasks RENAME COLUMN due TO due_date;
