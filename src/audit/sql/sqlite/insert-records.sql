-- Inserts a batch in one statement. ?: a JSON array of rows, each an array of the 20 columns in the order
-- below (principal_groups and details are canonical JSON text, carried as JSON strings).
INSERT INTO audit_records (
  seq, v, time, principal_issuer, principal_subject, principal_username, principal_groups, principal_kind,
  action, resource_kind, resource_namespace, resource_name, decision, reason, request_id, source_address,
  outcome, details, prev_hash, hash
)
SELECT
  json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
  json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
  json_extract(value, '$[6]'), json_extract(value, '$[7]'), json_extract(value, '$[8]'),
  json_extract(value, '$[9]'), json_extract(value, '$[10]'), json_extract(value, '$[11]'),
  json_extract(value, '$[12]'), json_extract(value, '$[13]'), json_extract(value, '$[14]'),
  json_extract(value, '$[15]'), json_extract(value, '$[16]'), json_extract(value, '$[17]'),
  json_extract(value, '$[18]'), json_extract(value, '$[19]')
FROM json_each(?)
