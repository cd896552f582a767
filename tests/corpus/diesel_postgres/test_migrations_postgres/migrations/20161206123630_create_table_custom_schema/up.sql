CREATE SCHEMA custom_schema;
CREATE TABLE custom_schema.users (id SERIAL PRIMARY KEY);
