DROP TABLE self_referential_fk;
DROP INDEX posts_title_is_unique;
DROP TABLE fk_doesnt_reference_pk;
DROP TABLE composite_fk;
DROP TABLE multiple_fks_to_same_table;
DROP TABLE cyclic_fk_2;
DROP TABLE cyclic_fk_1;
