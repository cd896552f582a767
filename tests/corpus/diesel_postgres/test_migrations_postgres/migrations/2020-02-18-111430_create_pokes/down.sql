DROP TABLE pokes;
