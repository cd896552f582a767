-- An 'all' feed with every post on its timeline.
INSERT INTO feeds (name) VALUES ('all');
INSERT INTO timeline (feed_id, post_id) SELECT f.id, p.id FROM feeds f, posts p WHERE f.name = 'all';
