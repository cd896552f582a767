ALTER TABLE products ADD COLUMN price_cents INTEGER;
UPDATE products SET price_cents = CAST(ROUND(CAST(price AS REAL) * 100) AS INTEGER);
