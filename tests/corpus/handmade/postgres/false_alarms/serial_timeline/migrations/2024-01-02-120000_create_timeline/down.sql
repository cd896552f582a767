DROP TABLE timeline;
DROP TABLE feeds;
