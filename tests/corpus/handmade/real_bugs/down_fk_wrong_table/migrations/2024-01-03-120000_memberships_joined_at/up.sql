-- ADD COLUMN cannot take a non-constant default: rebuild memberships.
CREATE TABLE memberships_new (
  id INTEGER PRIMARY KEY NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  team_id INTEGER NOT NULL REFERENCES teams(id),
  role TEXT NOT NULL,
  joined_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO memberships_new (id, user_id, team_id, role) SELECT id, user_id, team_id, role FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
