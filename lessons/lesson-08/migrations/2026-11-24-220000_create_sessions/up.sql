-- Who is logged in: at most one row.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY CONSTRAINT ck_sessions_single CHECK (id = 1),
    user_id INTEGER NOT NULL CONSTRAINT fk_sessions_user_id REFERENCES users(id) ON DELETE CASCADE,
    logged_in_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
