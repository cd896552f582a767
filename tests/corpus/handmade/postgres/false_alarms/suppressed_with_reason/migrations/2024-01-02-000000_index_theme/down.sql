DROP INDEX settings_theme;
