-- Sample rows of the e-mail outbox (schema step 15), for fixtures from
-- version 15 on (tests/migrations/make-fixture). Demo data only.
INSERT INTO mail_outbox (id, request_id, event_id, recipient, address, lang,
  template, params, state, attempts, next_try_at, last_error, message_id,
  created_at, sent_at)
VALUES
 (1, 1, 1, 'citizen', 'mihon@example.jp', 'ja', 'receipt', '{}', 'sent', 1,
  '2024-04-01T01:00:00Z', '', '<kaiji.1.20240401010000@city.example.jp>',
  '2024-04-01T01:00:00Z', '2024-04-01T01:01:00Z'),
 (2, 1, 1, 'staff', '', 'ja', 'new_request', '{}', 'failed', 1,
  '2024-04-01T01:02:00Z', 'no staff address for the agency in the profile', '',
  '2024-04-01T01:00:00Z', NULL),
 (3, 2, NULL, 'citizen', 'sample@example.jp', 'en', 'fee_due',
  '{"amount_yen":300}', 'queued', 2, '2024-04-02T03:00:00Z', 'SMTP 451: x', '',
  '2024-04-02T01:00:00Z', NULL);
