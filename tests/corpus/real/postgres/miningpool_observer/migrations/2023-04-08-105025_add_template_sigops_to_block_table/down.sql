ALTER TABLE block DROP COLUMN template_sigops;
