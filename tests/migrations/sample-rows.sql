-- Sample rows for a migration fixture, written against the schema of the
-- version being captured (tests/migrations/make-fixture). Demo data only:
-- never a real person. When a schema step changes these tables, update this
-- file before capturing the next fixture.
INSERT INTO request (id, ref, year, seq, kind, state, agency_id, channel,
  code_hash, received_on, due_on, requester_name, data, created_at, updated_at)
VALUES
 (1, 'R6-0001', 2024, 1, 'disclosure', 'received', 'mayor', 'web',
  'aa11', '2024-04-01', '2024-04-15', '見本 太郎', '{"lang":"ja"}',
  '2024-04-01T01:00:00Z', '2024-04-01T01:00:00Z'),
 (2, 'R6-0002', 2024, 2, 'correction', 'closed', 'mayor', 'mail',
  'bb22', '2024-04-02', '2024-05-02', 'Sample Hanako', '{"lang":"en"}',
  '2024-04-02T01:00:00Z', '2024-05-10T01:00:00Z');
INSERT INTO event (request_id, at, actor, kind, visible, data) VALUES
 (1, '2024-04-01T01:00:00Z', 'citizen', 'received', 1, '{}'),
 (2, '2024-04-02T01:00:00Z', 'staff:1', 'received', 1, '{}'),
 (2, '2024-05-10T01:00:00Z', 'staff:1', 'closed', 0, '{"note":"x"}');
INSERT INTO document (request_id, kind, vault_name, mime, size, created_at, purged_at) VALUES
 (1, 'identity', 'v1-sample-a', 'image/png', 1234, '2024-04-01T01:00:00Z', NULL),
 (2, 'identity', 'v1-sample-b', 'application/pdf', 99, '2024-04-02T01:00:00Z', '2024-09-01T00:00:00Z');
INSERT INTO feedback (page, lang, understandable, findable, comment, created_at) VALUES
 ('/kaiji/', 'ja', 'yes', 'yes', '', '2024-04-03T00:00:00Z'),
 ('/kaiji/en/fees.html', 'en', 'no', 'yes', 'fees unclear', '2024-04-04T00:00:00Z');
INSERT INTO throttle (bucket, key_hash, at) VALUES ('status', 'cc33', 1711929600);
INSERT INTO audit (at, staff_id, action, target) VALUES
 ('2024-04-05T00:00:00Z', 1, 'login', '');
