ALTER TABLE fcp_concern DROP COLUMN fk_initiating_comment;
