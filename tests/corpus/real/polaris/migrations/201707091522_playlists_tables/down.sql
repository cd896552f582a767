DROP TABLE playlists;
DROP TABLE playlist_songs;
