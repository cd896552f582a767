drop table tenant_user_application;
drop table tenant_user_device_profile;
