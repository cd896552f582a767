UPDATE users SET name = upper(name);
