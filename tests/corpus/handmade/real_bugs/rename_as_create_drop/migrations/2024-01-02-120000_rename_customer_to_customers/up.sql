CREATE TABLE customers (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  email TEXT
);
DROP TABLE customer;
