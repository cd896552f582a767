DROP TABLE translations;
DROP TYPE Language;
