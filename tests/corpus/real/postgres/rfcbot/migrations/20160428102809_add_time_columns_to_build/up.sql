ALTER TABLE build ADD COLUMN start_time timestamp;
ALTER TABLE build ADD COLUMN end_time timestamp;
