-- Your SQL goes here
CREATE TYPE color as ENUM('Red', 'Green', 'Blue');
