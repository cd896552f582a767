-- Again one ALTER TABLE where SQLite rebuilt the table: a CHECK, a foreign key that now
-- cascades (dropped and added again under the same name), and the timestamps.
ALTER TABLE tasks
    ADD CONSTRAINT ck_tasks_description_not_blank CHECK (trim(description) <> ''),
    DROP CONSTRAINT fk_tasks_user_id,
    ADD CONSTRAINT fk_tasks_user_id FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

CREATE INDEX ix_tasks_user_id ON tasks(user_id);

CREATE TRIGGER tasks_updated_at BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
