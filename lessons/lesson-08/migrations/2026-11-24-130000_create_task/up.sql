-- A task of a user. BOOLEAN and DATE are real types here (SQLite stored 0/1 and text);
-- category comes last so that its later move to a table can be undone exactly (PostgreSQL
-- adds a column back at the end of the table, never in its old place).
CREATE TABLE task (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT false,
    due DATE,
    user_id INTEGER CONSTRAINT fk_tasks_user_id REFERENCES "user"(id),
    category TEXT
);
