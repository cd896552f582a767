-- A user's tasks. `due` and the free-text `category` are deliberate: lesson-05 reshapes them.
CREATE TABLE task (
    id INTEGER PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT 0,
    due TEXT,
    category TEXT,
    user_id INTEGER REFERENCES user(id)
);
