CREATE TABLE app_settings (k TEXT PRIMARY KEY NOT NULL, v TEXT NOT NULL);
INSERT INTO app_settings SELECT 'theme', theme FROM settings;
DROP TABLE settings;
