 ALTER TABLE messages ADD delivery_confirmation_at TIMESTAMP NULL;
 ALTER TABLE messages ADD read_confirmation_at TIMESTAMP NULL;
