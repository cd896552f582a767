DROP TABLE locked; DROP FUNCTION refuse();
