DROP VIEW name_counts;
