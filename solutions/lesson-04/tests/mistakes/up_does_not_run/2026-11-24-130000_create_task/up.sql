-- The id written twice: SQLite refuses the whole statement.
CREATE TABLE task (
    id INTEGER PRIMARY KEY NOT NULL,
    id INTEGER,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due TEXT,
    category TEXT,
    user_id INTEGER REFERENCES user(id)
);
