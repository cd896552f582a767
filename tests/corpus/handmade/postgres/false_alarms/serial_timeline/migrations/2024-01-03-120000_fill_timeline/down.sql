-- The feed's timeline goes with it (ON DELETE CASCADE).
DELETE FROM feeds WHERE name = 'all';
