CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    email TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');
