ALTER TABLE messages drop metadata;
