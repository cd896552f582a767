-- name comes back, filled from label. PostgreSQL adds a column at the end of the table,
-- never in its old place, so label goes out and comes back after name, as it was.
SET LOCAL lock_timeout = '1s';
ALTER TABLE tags ADD COLUMN name TEXT;
UPDATE tags SET name = label;
ALTER TABLE tags
    ALTER COLUMN name SET NOT NULL,
    ADD CONSTRAINT uq_tags_name UNIQUE (name),
    ADD CONSTRAINT ck_tags_name_length CHECK (char_length(name) <= 30),
    ADD COLUMN label_again TEXT;
UPDATE tags SET label_again = label;
ALTER TABLE tags DROP COLUMN label;
ALTER TABLE tags RENAME COLUMN label_again TO label;
CREATE UNIQUE INDEX uq_tags_label ON tags (label);
ALTER TABLE tags
    ADD CONSTRAINT ck_tags_label_not_null CHECK (label IS NOT NULL) NOT VALID,
    ADD CONSTRAINT ck_tags_label_length CHECK (char_length(label) <= 30) NOT VALID;

CREATE FUNCTION tags_label_in_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.label := coalesce(NEW.label, NEW.name);
        NEW.name := coalesce(NEW.name, NEW.label);
    ELSIF NEW.label IS DISTINCT FROM OLD.label THEN
        NEW.name := NEW.label;
    ELSIF NEW.name IS DISTINCT FROM OLD.name THEN
        NEW.label := NEW.name;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER tags_label_in_step BEFORE INSERT OR UPDATE ON tags
    FOR EACH ROW EXECUTE FUNCTION tags_label_in_step();
