-- The old names and descriptions are gone: this down cannot give them back, and does nothing.
SELECT 1;
