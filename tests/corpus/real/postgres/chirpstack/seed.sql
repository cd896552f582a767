-- Not ChirpStack's: what its database setup creates outside the migrations
-- (.docker-compose/postgresql/initdb/0002-chirpstack_extensions.sh), given to verify with --seed.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
