DROP TABLE memberships;
DROP TABLE teams;
