DROP INDEX idx_messages_address;

DROP TABLE IF EXISTS messages;
