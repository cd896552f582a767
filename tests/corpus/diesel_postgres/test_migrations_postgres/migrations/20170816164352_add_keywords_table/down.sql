DROP TABLE with_keywords;
