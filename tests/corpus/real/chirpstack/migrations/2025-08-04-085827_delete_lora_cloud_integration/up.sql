delete from
    application_integration
where
    kind = 'LoraCloud';
