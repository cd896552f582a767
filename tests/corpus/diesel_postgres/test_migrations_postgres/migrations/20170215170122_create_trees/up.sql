CREATE TABLE trees (
  id SERIAL PRIMARY KEY,
  parent_id INTEGER
);
