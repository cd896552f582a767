ALTER TABLE profiles ADD COLUMN timeout INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN freq INTEGER NOT NULL DEFAULT 0;
UPDATE profiles SET timeout = params ->> '$.timeout', freq = params ->> '$.freq';
ALTER TABLE profiles DROP COLUMN params;
