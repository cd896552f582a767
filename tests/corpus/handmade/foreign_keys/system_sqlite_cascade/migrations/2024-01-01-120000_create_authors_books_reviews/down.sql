DROP TABLE reviews;
DROP TABLE books;
DROP TABLE authors;
