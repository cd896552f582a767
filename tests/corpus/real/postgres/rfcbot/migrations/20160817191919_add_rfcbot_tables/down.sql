DROP TABLE fcp_review_request;
DROP TABLE fcp_concern;
DROP TABLE rfc_feedback_request;
DROP TABLE fcp_proposal;
