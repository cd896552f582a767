-- Keep the first user of each name, rename the others, name the nameless.
UPDATE users SET username = username || '_' || id
WHERE id NOT IN (SELECT min(id) FROM users GROUP BY username);
UPDATE users SET username = 'user_' || id WHERE username IS NULL;
UPDATE tasks SET description = '(no description)' WHERE trim(description) = '';
