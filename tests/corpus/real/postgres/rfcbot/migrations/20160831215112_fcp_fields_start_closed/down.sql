ALTER TABLE fcp_proposal DROP COLUMN fcp_start;
ALTER TABLE fcp_proposal DROP COLUMN fcp_closed;
