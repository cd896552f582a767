ALTER TABLE messages drop sent_at;
