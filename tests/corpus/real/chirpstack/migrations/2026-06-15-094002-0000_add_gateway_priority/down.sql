alter table gateway
  drop column downlink_priority;
