UPDATE products SET price = (price_cents / 100.0)::text;
ALTER TABLE products DROP COLUMN price_cents;
