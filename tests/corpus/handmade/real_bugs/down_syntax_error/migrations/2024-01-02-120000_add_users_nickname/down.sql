ALTER TABEL users DROP COLUMN nickname;
