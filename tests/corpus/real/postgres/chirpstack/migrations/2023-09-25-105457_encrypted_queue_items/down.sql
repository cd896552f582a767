alter table device_queue_item
    drop column is_encrypted;
