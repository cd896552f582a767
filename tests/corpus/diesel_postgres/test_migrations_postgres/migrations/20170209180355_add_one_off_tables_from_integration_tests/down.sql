DROP TABLE numbers;
DROP TABLE precision_numbers;
DROP TABLE nullable_doubles;
DROP TABLE users_with_name_pk;
DROP TABLE points;
