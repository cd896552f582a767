alter table device_profile
    drop column allow_roaming;
