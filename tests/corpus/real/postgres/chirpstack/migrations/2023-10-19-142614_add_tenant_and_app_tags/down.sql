alter table application drop column tags;
alter table tenant drop column tags;
