DROP TABLE IF EXISTS dedup_cache;
