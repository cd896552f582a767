DROP INDEX users_email_2;
DROP INDEX users_email;
