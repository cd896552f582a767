CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    email TEXT,
    age INTEGER
);
