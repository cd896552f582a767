alter table device_profile
    drop column auto_detect_measurements;

alter table device_profile_template
    drop column auto_detect_measurements;
