DROP TABLE poll;
DROP TABLE poll_response_request;
