DROP TABLE release
