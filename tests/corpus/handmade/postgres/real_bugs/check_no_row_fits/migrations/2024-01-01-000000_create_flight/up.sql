CREATE TABLE flight (id serial PRIMARY KEY,
    code text NOT NULL CHECK (code ~ '^[A-Z]{2}[0-9]{3,4}$'), origin text NOT NULL);
