DROP TABLE infer_all_the_ints;
DROP TABLE infer_all_the_bools;
DROP TABLE infer_all_the_strings;
DROP TABLE infer_all_the_floats;
