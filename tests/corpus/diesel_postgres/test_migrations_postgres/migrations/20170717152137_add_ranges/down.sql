DROP TABLE all_the_ranges
