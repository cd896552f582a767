 ALTER TABLE messages ADD metadata BLOB;
