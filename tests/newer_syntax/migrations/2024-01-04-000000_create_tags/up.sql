CREATE TABLE tags (
    id SERIAL PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    tag TEXT NOT NULL
);
