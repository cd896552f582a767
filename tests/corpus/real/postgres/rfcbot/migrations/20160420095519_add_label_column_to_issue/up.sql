ALTER TABLE issue ADD COLUMN labels text[] NOT NULL
