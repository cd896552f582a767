ALTER TABLE profiles ADD COLUMN params TEXT;
UPDATE profiles SET params = json_object('timeout', timeout, 'freq', freq);
ALTER TABLE profiles DROP COLUMN timeout;
ALTER TABLE profiles DROP COLUMN freq;
