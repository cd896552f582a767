DROP INDEX posts_state;
-- No-op: old data cannot be restored
