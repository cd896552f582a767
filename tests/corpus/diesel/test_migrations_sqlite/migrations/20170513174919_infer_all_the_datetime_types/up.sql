CREATE TABLE infer_all_the_datetime_types (
    dt DATETIME PRIMARY KEY NOT NULL,
    date DATE NOT NULL,
    time TIME NOT NULL,
    timestamp TIMESTAMP NOT NULL
);
