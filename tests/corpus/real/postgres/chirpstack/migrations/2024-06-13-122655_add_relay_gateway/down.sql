drop table relay_gateway;
