CREATE TABLE nullable_table (
    id SERIAL PRIMARY KEY,
    value INTEGER
);
