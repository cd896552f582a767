DROP INDEX flight_origin;
