-- Renaming tags.name to label, in two releases (expand and contract). A plain RENAME COLUMN
-- breaks the app still running: its queries name a column that is gone. Instead:
-- 1. this migration adds label beside name, and a trigger keeps the two in step for the
--    app that writes only name and the app that writes only label;
-- 2. `backfill-labels` copies name into label for the rows already there, in small batches;
-- 3. the app switches to label (src/tagging.rs, src/relations.rs);
-- 4. a later release drops name (contract_tag_name).
-- label will be required and hold 30 characters at most, as name does. Both rules are added
-- NOT VALID: they hold for every row written from now on, and the rows already there (whose
-- label is still NULL) are not read under this ALTER TABLE's lock; the contract validates them.
SET LOCAL lock_timeout = '1s';
ALTER TABLE tags
    ADD COLUMN label TEXT,
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
