DROP TABLE ddns_config;
