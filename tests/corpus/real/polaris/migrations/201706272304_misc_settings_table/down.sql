DROP TABLE misc_settings;
