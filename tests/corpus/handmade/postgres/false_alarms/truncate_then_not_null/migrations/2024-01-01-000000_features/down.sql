DROP TABLE features;
