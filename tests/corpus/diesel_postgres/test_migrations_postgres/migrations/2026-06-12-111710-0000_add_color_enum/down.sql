-- This file should undo anything in `up.sql`
DROP TYPE color;
