ALTER TABLE block DROP COLUMN block_sigops;

ALTER TABLE transaction DROP COLUMN sigops;
