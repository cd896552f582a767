ALTER TABLE users DROP CONSTRAINT age_positive;
