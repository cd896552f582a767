DROP TABLE release;
DROP TABLE build;
