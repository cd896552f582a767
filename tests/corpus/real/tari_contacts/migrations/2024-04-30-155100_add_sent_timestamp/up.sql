 ALTER TABLE messages ADD sent_at TIMESTAMP;
