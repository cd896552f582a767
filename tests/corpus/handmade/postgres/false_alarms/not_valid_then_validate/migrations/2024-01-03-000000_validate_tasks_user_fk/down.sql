ALTER TABLE tasks DROP CONSTRAINT tasks_user_fk;
ALTER TABLE tasks ADD CONSTRAINT tasks_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
