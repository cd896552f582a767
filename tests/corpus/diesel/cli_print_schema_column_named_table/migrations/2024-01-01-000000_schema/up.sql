CREATE TABLE column_named_table (
    id INTEGER PRIMARY KEY,
    "table" INTEGER NOT NULL
);

