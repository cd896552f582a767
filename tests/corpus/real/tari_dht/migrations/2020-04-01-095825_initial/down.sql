DROP TABLE IF EXISTS stored_messages;
DROP TABLE IF EXISTS dht_settings;
