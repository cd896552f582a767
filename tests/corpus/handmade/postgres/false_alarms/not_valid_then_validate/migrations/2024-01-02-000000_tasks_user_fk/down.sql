ALTER TABLE tasks DROP CONSTRAINT tasks_user_fk;
