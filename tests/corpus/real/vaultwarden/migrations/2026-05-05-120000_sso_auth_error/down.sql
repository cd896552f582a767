ALTER TABLE sso_auth DROP COLUMN code_response_error;
