-- PostgreSQL 16 and newer: a subquery in FROM needs no alias.
CREATE VIEW name_counts AS
SELECT count(*) AS names
FROM (SELECT DISTINCT name FROM items);
