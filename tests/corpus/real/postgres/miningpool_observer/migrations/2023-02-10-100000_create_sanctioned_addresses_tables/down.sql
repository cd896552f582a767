DROP TABLE sanctioned_addresses CASCADE;
