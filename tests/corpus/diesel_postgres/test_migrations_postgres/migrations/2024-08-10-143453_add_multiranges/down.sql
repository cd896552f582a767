ALTER TABLE all_the_ranges 
    DROP COLUMN int4multi,
    DROP COLUMN int8multi,
    DROP COLUMN nummulti,
    DROP COLUMN tsmulti,
    DROP COLUMN tstzmulti,
    DROP COLUMN datemulti
