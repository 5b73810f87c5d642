-- Sample rows of the identity documents kept in the database (schema step
-- 18, Kaiji.Vault = database), for fixtures from version 18 on
-- (tests/migrations/make-fixture). Not real sealed documents: the bytes
-- only have to come through the migration unchanged.
INSERT INTO vault_file (name, sealed, created_at)
VALUES
 ('0123456789abcdef0123456789abcdef', X'00010203fffe6b61696a69',
  '2024-04-01T01:00:00Z'),
 ('fedcba9876543210fedcba9876543210', X'deadbeef', '2024-04-02T02:00:00Z');
