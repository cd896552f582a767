DROP TABLE trees;
