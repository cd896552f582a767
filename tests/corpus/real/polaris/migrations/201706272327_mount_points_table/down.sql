DROP TABLE mount_points;
