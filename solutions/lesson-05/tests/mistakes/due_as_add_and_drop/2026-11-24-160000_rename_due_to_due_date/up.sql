-- A rename written as add + drop: due_date starts empty and the dates are dropped with due.
ALTER TABLE tasks ADD COLUMN due_date TEXT;
ALTER TABLE tasks DROP COLUMN due;
