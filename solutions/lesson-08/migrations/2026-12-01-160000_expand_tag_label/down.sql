SET LOCAL lock_timeout = '1s';
DROP TRIGGER tags_label_in_step ON tags;
DROP FUNCTION tags_label_in_step();
ALTER TABLE tags
    DROP CONSTRAINT ck_tags_label_length,
    DROP CONSTRAINT ck_tags_label_not_null,
    DROP COLUMN label;
