DROP TABLE sso_auth;
CREATE TABLE sso_nonce (id SERIAL PRIMARY KEY, nonce TEXT NOT NULL, created_at TEXT NOT NULL);
