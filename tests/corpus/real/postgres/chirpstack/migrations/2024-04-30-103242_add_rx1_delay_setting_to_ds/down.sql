alter table device_profile
  drop column rx1_delay;
