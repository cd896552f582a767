ALTER TABLE features DROP COLUMN network;
