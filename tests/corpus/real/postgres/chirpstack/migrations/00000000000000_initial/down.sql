-- multicast
drop table multicast_group_queue_item;
drop table multicast_group_device;
drop table multicast_group;

-- device
drop table device_queue_item;
drop table device_keys;
drop table device;

-- device-profile
drop table device_profile;

-- api key
drop table api_key;

-- application
drop table application_integration;
drop table application;

-- gateway
drop table gateway;

-- tenant
drop table tenant_user;
drop table tenant;

-- user
drop table "user";
