ALTER TABLE dht_metadata RENAME TO dht_settings;
