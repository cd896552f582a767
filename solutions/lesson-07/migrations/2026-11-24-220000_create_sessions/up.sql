-- ANCHOR: create_sessions
-- Who is logged in, remembered between runs of the app: at most one row.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY NOT NULL CONSTRAINT ck_sessions_single CHECK (id = 1),
    user_id INTEGER NOT NULL CONSTRAINT fk_sessions_user_id REFERENCES users(id) ON DELETE CASCADE,
    logged_in_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- ANCHOR_END: create_sessions
