UPDATE users SET email = 'user' || id || '@example.com' WHERE email IS NULL;
