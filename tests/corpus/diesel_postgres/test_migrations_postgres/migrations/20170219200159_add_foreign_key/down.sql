DROP TABLE fk_tests;
DROP TABLE fk_inits;
