DROP TABLE citext_table;
