ALTER TABLE sso_auth DROP COLUMN binding_hash;
