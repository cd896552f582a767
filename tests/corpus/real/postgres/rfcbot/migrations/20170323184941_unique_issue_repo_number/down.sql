DROP INDEX issue_repo_number;
DROP INDEX pullrequest_repo_number;
