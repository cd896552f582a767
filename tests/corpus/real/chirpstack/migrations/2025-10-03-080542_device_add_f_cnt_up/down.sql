alter table device
    drop column f_cnt_up;
