CREATE INDEX users_email ON users (email);
ALTER TABLE tasks ADD CONSTRAINT tasks_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE users ADD CONSTRAINT users_age_positive CHECK (age > 0);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
ALTER TABLE users ALTER COLUMN age TYPE BIGINT;
ALTER TABLE tasks ALTER COLUMN title SET NOT NULL;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
