CREATE TABLE tags (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL CONSTRAINT uq_tags_name UNIQUE
        CONSTRAINT ck_tags_name_length CHECK (char_length(name) <= 30)
);
CREATE TABLE task_tags (
    task_id INTEGER NOT NULL CONSTRAINT fk_task_tags_task_id REFERENCES tasks(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL CONSTRAINT fk_task_tags_tag_id REFERENCES tags(id) ON DELETE CASCADE,
    CONSTRAINT pk_task_tags PRIMARY KEY (task_id, tag_id)
);
CREATE INDEX ix_task_tags_tag_id ON task_tags(tag_id);
