DELETE FROM timeline_seen WHERE timeline_id IN (SELECT id FROM timeline WHERE kind = 'all');
DELETE FROM timeline WHERE kind = 'all';
