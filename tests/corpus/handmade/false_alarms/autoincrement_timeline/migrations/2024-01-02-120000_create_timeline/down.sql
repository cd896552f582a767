DROP TABLE timeline_seen;
DROP TABLE timeline;
