CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name VARCHAR(20)
);
