DROP TABLE auth_status;
