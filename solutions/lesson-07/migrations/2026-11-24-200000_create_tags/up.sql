-- ANCHOR: create_tags
-- Many-to-many: a task has many tags, a tag is on many tasks. The join table's key is the
-- pair, so a task cannot carry the same tag twice; deleting a task or a tag deletes its links.
-- A tag's name holds 30 characters at most, as the app allows: a new table says so in a CHECK
-- (an existing one would need a rebuild, or the triggers of enforce_app_rules).
CREATE TABLE tags (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL CONSTRAINT uq_tags_name UNIQUE
        CONSTRAINT ck_tags_name_length CHECK (length(name) <= 30)
);
CREATE TABLE task_tags (
    task_id INTEGER NOT NULL CONSTRAINT fk_task_tags_task_id REFERENCES tasks(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL CONSTRAINT fk_task_tags_tag_id REFERENCES tags(id) ON DELETE CASCADE,
    CONSTRAINT pk_task_tags PRIMARY KEY (task_id, tag_id)
);
-- The key serves "the tags of a task"; this index serves "the tasks with a tag".
CREATE INDEX ix_task_tags_tag_id ON task_tags(tag_id);
-- ANCHOR_END: create_tags
