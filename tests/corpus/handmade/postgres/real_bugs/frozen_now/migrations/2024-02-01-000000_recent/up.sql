CREATE VIEW recent_events AS
    SELECT id, name FROM events WHERE at > 'now'::timestamptz - interval '1 day';
