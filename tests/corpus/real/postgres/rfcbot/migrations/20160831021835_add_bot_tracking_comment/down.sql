ALTER TABLE fcp_proposal DROP COLUMN fk_bot_tracking_comment;
