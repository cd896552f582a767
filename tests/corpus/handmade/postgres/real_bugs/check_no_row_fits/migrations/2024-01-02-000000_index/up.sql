CREATE INDEX flight_origin ON flight (origin);
