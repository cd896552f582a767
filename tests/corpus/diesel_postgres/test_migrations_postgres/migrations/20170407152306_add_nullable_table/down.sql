DROP TABLE nullable_table;
