CREATE TABLE settings (id INTEGER PRIMARY KEY NOT NULL, theme TEXT NOT NULL);
INSERT INTO settings (theme) SELECT v FROM app_settings WHERE k = 'theme';
DROP TABLE app_settings;
