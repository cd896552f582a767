-- The later release: every row has its label (backfill-labels) and the app reads and writes
-- label only, so name goes. VALIDATE reads the rows without blocking writes, and then
-- SET NOT NULL needs no scan of its own: the validated CHECK already proves it. The length
-- CHECK is validated too, and stays: it is label's 30-character limit from now on.
SET LOCAL lock_timeout = '1s';
-- A row the backfill missed would fail the validation: fill it now (none, normally).
UPDATE tags SET label = name WHERE label IS NULL;
ALTER TABLE tags VALIDATE CONSTRAINT ck_tags_label_not_null;
ALTER TABLE tags VALIDATE CONSTRAINT ck_tags_label_length;
ALTER TABLE tags ALTER COLUMN label SET NOT NULL;
ALTER TABLE tags DROP CONSTRAINT ck_tags_label_not_null;
DROP TRIGGER tags_label_in_step ON tags;
DROP FUNCTION tags_label_in_step();
-- name's constraints (uq_tags_name, ck_tags_name_length) go with it.
ALTER TABLE tags DROP COLUMN name;
