-- Labels are unique, like names: the unique index is built without blocking writes.
CREATE UNIQUE INDEX CONCURRENTLY uq_tags_label ON tags (label);
