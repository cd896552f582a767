DROP SCHEMA custom_schema CASCADE;
