-- Every post on the 'all' timeline, each entry marked seen once.
INSERT INTO timeline (post_id, kind) SELECT id, 'all' FROM posts;
INSERT INTO timeline_seen (timeline_id) SELECT id FROM timeline WHERE kind = 'all';
