DROP TRIGGER tasks_updated_at ON tasks;
DROP INDEX ix_tasks_user_id;
ALTER TABLE tasks
    DROP COLUMN updated_at,
    DROP COLUMN created_at,
    DROP CONSTRAINT fk_tasks_user_id,
    ADD CONSTRAINT fk_tasks_user_id FOREIGN KEY (user_id) REFERENCES users(id),
    DROP CONSTRAINT ck_tasks_description_not_blank;
