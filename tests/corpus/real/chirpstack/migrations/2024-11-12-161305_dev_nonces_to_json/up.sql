update device_keys set dev_nonces = '{}';
