-- Provisional copy of lesson-05's migration (to the spec in stages.md); lesson-05's own replaces it.
ALTER TABLE user RENAME TO users;
ALTER TABLE task RENAME TO tasks;
