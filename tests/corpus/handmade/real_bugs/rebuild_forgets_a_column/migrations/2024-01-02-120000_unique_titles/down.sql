PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_documents (
  id INTEGER PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  metadata TEXT
);
INSERT INTO new_documents (id, title, body, metadata)
  SELECT id, title, body, metadata FROM documents;
DROP TABLE documents;
ALTER TABLE new_documents RENAME TO documents;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
