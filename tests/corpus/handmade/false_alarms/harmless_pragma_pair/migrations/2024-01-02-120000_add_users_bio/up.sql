ALTER TABLE users ADD COLUMN bio TEXT;

PRAGMA foreign_keys = OFF;
PRAGMA foreign_keys = ON;
