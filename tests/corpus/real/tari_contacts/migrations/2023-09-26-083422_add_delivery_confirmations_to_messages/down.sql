ALTER TABLE messages drop delivery_confirmation_at;
ALTER TABLE messages drop read_confirmation_at;
