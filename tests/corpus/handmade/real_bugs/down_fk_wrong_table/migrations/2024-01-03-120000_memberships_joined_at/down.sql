CREATE TABLE memberships_old (
  id INTEGER PRIMARY KEY NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  team_id INTEGER NOT NULL REFERENCES users(id),
  role TEXT NOT NULL
);
INSERT INTO memberships_old (id, user_id, team_id, role) SELECT id, user_id, team_id, role FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_old RENAME TO memberships;
