/* The database schema as numbered, forward-only steps. A released step is
 * never edited: a change is a new step at the end. */
#include "db.h"

const char *const db_migrations[] = {
/* 1: the foundation */
"CREATE TABLE agency ("
"  id TEXT PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  name_en TEXT NOT NULL DEFAULT '',"
"  head TEXT NOT NULL DEFAULT '');"
"CREATE TABLE department ("
"  id INTEGER PRIMARY KEY,"
"  agency_id TEXT NOT NULL REFERENCES agency(id),"
"  name TEXT NOT NULL,"
"  UNIQUE (agency_id, name));"
"CREATE TABLE staff ("
"  id INTEGER PRIMARY KEY,"
"  login TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  role TEXT NOT NULL CHECK (role IN ('admin','clerk','viewer')),"
"  password_hash TEXT NOT NULL,"
"  disabled INTEGER NOT NULL DEFAULT 0,"
"  created_at TEXT NOT NULL);"
"CREATE TABLE staff_agency ("
"  staff_id INTEGER NOT NULL REFERENCES staff(id),"
"  agency_id TEXT NOT NULL REFERENCES agency(id),"
"  PRIMARY KEY (staff_id, agency_id));"
"CREATE TABLE session ("
"  id_hash TEXT PRIMARY KEY,"
"  staff_id INTEGER NOT NULL REFERENCES staff(id),"
"  created_at INTEGER NOT NULL,"
"  seen_at INTEGER NOT NULL);"
/* 案件: one row per request. The citizen's details are in data (JSON);
 * requester_name is kept apart for the desk's search. */
"CREATE TABLE request ("
"  id INTEGER PRIMARY KEY,"
"  ref TEXT NOT NULL UNIQUE,"
"  year INTEGER NOT NULL,"
"  seq INTEGER NOT NULL,"
"  kind TEXT NOT NULL,"
"  state TEXT NOT NULL,"
"  agency_id TEXT NOT NULL REFERENCES agency(id),"
"  channel TEXT NOT NULL,"
"  code_hash TEXT NOT NULL,"
"  received_on TEXT NOT NULL,"
"  due_on TEXT NOT NULL,"
"  requester_name TEXT NOT NULL,"
"  data TEXT NOT NULL,"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL,"
"  UNIQUE (year, seq));"
"CREATE INDEX request_due ON request (state, due_on);"
"CREATE TABLE event ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  at TEXT NOT NULL,"
"  actor TEXT NOT NULL,"
"  kind TEXT NOT NULL,"
"  visible INTEGER NOT NULL DEFAULT 1,"
"  data TEXT NOT NULL DEFAULT '{}');"
"CREATE INDEX event_request ON event (request_id, id);"
"CREATE TABLE document ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  kind TEXT NOT NULL,"
"  vault_name TEXT NOT NULL UNIQUE,"
"  mime TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  created_at TEXT NOT NULL,"
"  purged_at TEXT);"
/* 個人情報ファイル簿 / 個人情報取扱事務登録簿 (法75, 令20; older ordinances) */
"CREATE TABLE register_entry ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  agency_id TEXT NOT NULL REFERENCES agency(id),"
"  department TEXT NOT NULL DEFAULT '',"
"  purpose TEXT NOT NULL DEFAULT '',"
"  items TEXT NOT NULL DEFAULT '',"
"  persons_range TEXT NOT NULL DEFAULT '',"
"  collection TEXT NOT NULL DEFAULT '',"
"  sensitive INTEGER NOT NULL DEFAULT 0,"
"  sensitive_ordinance INTEGER NOT NULL DEFAULT 0,"
"  recipients TEXT NOT NULL DEFAULT '',"
"  request_office TEXT NOT NULL DEFAULT '',"
"  special_procedures TEXT NOT NULL DEFAULT '',"
"  file_type TEXT NOT NULL DEFAULT 'electronic',"
"  persons_count TEXT NOT NULL DEFAULT '',"
"  anonymized TEXT NOT NULL DEFAULT '',"
"  remarks TEXT NOT NULL DEFAULT '',"
"  manager TEXT NOT NULL DEFAULT '',"
"  started_on TEXT NOT NULL DEFAULT '',"
"  record_form TEXT NOT NULL DEFAULT '',"
"  outside_use TEXT NOT NULL DEFAULT '',"
"  outsourced TEXT NOT NULL DEFAULT '',"
"  legal_basis TEXT NOT NULL DEFAULT '',"
"  abolished_on TEXT,"
"  updated_at TEXT NOT NULL);"
"CREATE TABLE register_history ("
"  id INTEGER PRIMARY KEY,"
"  entry_id INTEGER NOT NULL REFERENCES register_entry(id),"
"  on_date TEXT NOT NULL,"
"  change TEXT NOT NULL CHECK (change IN ('notified','changed','abolished')),"
"  note TEXT NOT NULL DEFAULT '');"
"CREATE TABLE feedback ("
"  id INTEGER PRIMARY KEY,"
"  page TEXT NOT NULL,"
"  lang TEXT NOT NULL,"
"  understandable TEXT NOT NULL,"
"  findable TEXT NOT NULL,"
"  comment TEXT NOT NULL DEFAULT '',"
"  created_at TEXT NOT NULL);"
/* Failed lookups and posts, keyed only by a keyed hash. */
"CREATE TABLE throttle ("
"  bucket TEXT NOT NULL,"
"  key_hash TEXT NOT NULL,"
"  at INTEGER NOT NULL);"
"CREATE INDEX throttle_key ON throttle (bucket, key_hash, at);"
"CREATE TABLE audit ("
"  id INTEGER PRIMARY KEY,"
"  at TEXT NOT NULL,"
"  staff_id INTEGER,"
"  action TEXT NOT NULL,"
"  target TEXT NOT NULL DEFAULT '');",
/* 2: decisions, 補正 holds and fees */
"ALTER TABLE request ADD COLUMN decision TEXT;"
"ALTER TABLE request ADD COLUMN decided_on TEXT;"
/* 補正: the clock stops from from_on; to_on is NULL while waiting. */
"CREATE TABLE request_hold ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  from_on TEXT NOT NULL,"
"  to_on TEXT);"
/* One fee per request, so it can never be paid twice. */
"CREATE TABLE fee ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL UNIQUE REFERENCES request(id),"
"  amount_yen INTEGER NOT NULL CHECK (amount_yen >= 0),"
"  breakdown TEXT NOT NULL DEFAULT '{}',"
"  state TEXT NOT NULL CHECK (state IN ('due','paid','waived','refunded')),"
"  paid_via TEXT,"
"  paid_at TEXT,"
"  created_at TEXT NOT NULL);",
/* 3: what the desk decides and the citizen answers (docs/data.md) */
/* One row per withheld part and its ground (不開示情報, 法78). */
"CREATE TABLE decision_reason ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  part TEXT NOT NULL,"
"  ground TEXT NOT NULL,"
"  explanation TEXT NOT NULL DEFAULT '');"
/* Counter dates offered for 開示の実施 (法87). */
"CREATE TABLE offer_slot ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  starts_at TEXT NOT NULL,"
"  place TEXT NOT NULL DEFAULT '');"
/* 開示の実施方法等の申出: the citizen's choice, at most one. */
"CREATE TABLE delivery_choice ("
"  request_id INTEGER PRIMARY KEY REFERENCES request(id),"
"  method TEXT NOT NULL CHECK (method IN ('counter','mail')),"
"  slot_id INTEGER REFERENCES offer_slot(id),"
"  chosen_at TEXT NOT NULL);"
/* 第三者意見照会 (法86). */
"CREATE TABLE third_party ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  name TEXT NOT NULL,"
"  sent_on TEXT NOT NULL,"
"  answer_due_on TEXT NOT NULL,"
"  answered_on TEXT,"
"  objects INTEGER NOT NULL DEFAULT 0);"
/* 審査請求 and what follows it. */
"CREATE TABLE appeal ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  received_on TEXT NOT NULL,"
"  consulted_on TEXT,"
"  answered_on TEXT,"
"  ruled_on TEXT,"
"  outcome TEXT);"
/* A citizen who looked a request up with its code: the cookie's keyed
 * hash and until when it proves that (the pay program reads it). */
"CREATE TABLE lookup_session ("
"  id_hash TEXT PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  expires_at INTEGER NOT NULL);",
/* 4: online payment (lib/pay.h). One row per attempt, keyed by our own
 * random order id; the partial unique index lets a fee have at most one
 * attempt that is open or paid, so it can never be paid twice. */
"CREATE TABLE payment ("
"  id INTEGER PRIMARY KEY,"
"  order_id TEXT NOT NULL UNIQUE,"
"  fee_id INTEGER NOT NULL REFERENCES fee(id),"
"  provider TEXT NOT NULL,"
"  provider_ref TEXT NOT NULL DEFAULT '',"
"  redirect_url TEXT NOT NULL DEFAULT '',"
"  amount_yen INTEGER NOT NULL CHECK (amount_yen > 0),"
"  currency TEXT NOT NULL DEFAULT 'JPY',"
"  state TEXT NOT NULL CHECK (state IN ('created','redirected','pending',"
"    'paid','failed','cancelled','expired','review','refunded')),"
"  refunded_yen INTEGER NOT NULL DEFAULT 0,"
"  expires_at INTEGER NOT NULL,"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL);"
"CREATE UNIQUE INDEX payment_one_per_fee ON payment (fee_id)"
"  WHERE state IN ('created','redirected','pending','paid');"
"CREATE INDEX payment_state ON payment (state, updated_at);"
/* What the provider told us and what we did: key is unique (the
 * provider's event id, or a hash of the notification, or our own key for
 * a lookup or a refund), written in the same transaction as the state
 * change, so a duplicate or concurrent delivery changes nothing. */
"CREATE TABLE payment_event ("
"  id INTEGER PRIMARY KEY,"
"  payment_id INTEGER NOT NULL REFERENCES payment(id),"
"  key TEXT NOT NULL UNIQUE,"
"  kind TEXT NOT NULL,"
"  at TEXT NOT NULL,"
"  data TEXT NOT NULL DEFAULT '{}');"
"CREATE INDEX payment_event_payment ON payment_event (payment_id, id);",
/* 5: the citizen's request form between its steps (lib/draft.h). A draft
 * is found by the keyed hash of a random token that only the browser
 * holds; its uploads are already in the vault. After submission the row
 * keeps the request id and the access code sealed under a key derived
 * from the token, so the same browser can see its receipt again until
 * the draft expires. */
"CREATE TABLE draft ("
"  id_hash TEXT PRIMARY KEY,"
"  data TEXT NOT NULL DEFAULT '{}',"
"  created_at INTEGER NOT NULL,"
"  expires_at INTEGER NOT NULL,"
"  request_id INTEGER REFERENCES request(id),"
"  code_box TEXT);"
"CREATE INDEX draft_expires ON draft (expires_at);"
"CREATE TABLE draft_file ("
"  id INTEGER PRIMARY KEY,"
"  draft_hash TEXT NOT NULL REFERENCES draft(id_hash) ON DELETE CASCADE,"
"  kind TEXT NOT NULL,"
"  vault_name TEXT NOT NULL UNIQUE,"
"  mime TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  label TEXT NOT NULL DEFAULT '',"
"  created_at INTEGER NOT NULL);"
"CREATE INDEX draft_file_draft ON draft_file (draft_hash, id);",
/* 6: every lookup deletes the expired sessions; without an index that is
 * a scan of the table on each one (bench/status.sh). */
"CREATE INDEX lookup_session_expires ON lookup_session (expires_at);",
/* 7: the desk's deadlines and what a decision offers. extension_days keeps
 * an extension (法83②) across a later 補正; special_* the 法84 dates;
 * offer_methods the disclosure methods offered ("view,copy,mail"). */
"ALTER TABLE request ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE request ADD COLUMN special_part_by TEXT;"
"ALTER TABLE request ADD COLUMN special_rest_by TEXT;"
"ALTER TABLE request ADD COLUMN offer_methods TEXT NOT NULL DEFAULT '';"
"CREATE INDEX audit_at ON audit (at);"
"CREATE INDEX request_received ON request (received_on);",
/* 8: the register: the remaining fields of 令20⑥ and of the ordinance-era
 * registers, a full-text index of each entry's NFKC-normalised text (kept
 * in step by lib/register.c in the same transaction as the entry), and a
 * version that every change of the register bumps (ETags, caches). */
"ALTER TABLE register_entry ADD COLUMN ref TEXT NOT NULL DEFAULT '';"
"ALTER TABLE register_entry ADD COLUMN manual_copy TEXT NOT NULL DEFAULT '';"
"ALTER TABLE register_entry ADD COLUMN anon_office TEXT NOT NULL DEFAULT '';"
"ALTER TABLE register_entry ADD COLUMN anon_summary TEXT NOT NULL DEFAULT '';"
"ALTER TABLE register_entry ADD COLUMN anon_period TEXT NOT NULL DEFAULT '';"
"ALTER TABLE register_entry ADD COLUMN unit TEXT NOT NULL DEFAULT '';"
"ALTER TABLE register_entry ADD COLUMN online_link TEXT NOT NULL DEFAULT '';"
"CREATE INDEX register_entry_name ON register_entry (name, id);"
"CREATE INDEX register_entry_updated ON register_entry (updated_at, id);"
"CREATE INDEX register_entry_agency ON register_entry (agency_id, department, name);"
"CREATE INDEX register_history_entry ON register_history (entry_id, id);"
"CREATE VIRTUAL TABLE register_fts USING fts5 ("
"  body, tokenize = 'trigram case_sensitive 1');"
"CREATE VIRTUAL TABLE register_vocab USING fts5vocab (register_fts, 'row');"
"CREATE TABLE register_state ("
"  id INTEGER PRIMARY KEY CHECK (id = 1),"
"  version INTEGER NOT NULL);"
/* A random start: another database never shares a version (the keys in
 * lib/register-keys.c are cached by version). */
"INSERT INTO register_state (id, version) VALUES (1, abs(random() % 1000000000000));",
/* 9: what each client used, for the flood limits of the request form
 * (issue 16 item 3): drafts made, bytes uploaded, requests filed. key_hash
 * is a keyed hash of the client (lib/client.h), never the address. */
"CREATE TABLE client_use ("
"  bucket TEXT NOT NULL,"
"  key_hash TEXT NOT NULL,"
"  at INTEGER NOT NULL,"
"  amount INTEGER NOT NULL);"
"CREATE INDEX client_use_key ON client_use (bucket, key_hash, at);",
/* 10: refunds (issue 17). A payment never refunds more than it took: a
 * CHECK, which SQLite adds only by rebuilding the table (and the one that
 * refers to it, so no foreign key is left dangling inside the step). One
 * row per refund: asked by kaiji (its key is our idempotency key /
 * merchantRefundId) or made in the provider's dashboard and found by
 * reconcile (its key is the provider's refund id); pending until the
 * provider confirms it (PayPay refunds asynchronously). refunded_yen
 * counts the succeeded ones. */
"CREATE TABLE payment_v9 ("
"  id INTEGER PRIMARY KEY,"
"  order_id TEXT NOT NULL UNIQUE,"
"  fee_id INTEGER NOT NULL REFERENCES fee(id),"
"  provider TEXT NOT NULL,"
"  provider_ref TEXT NOT NULL DEFAULT '',"
"  redirect_url TEXT NOT NULL DEFAULT '',"
"  amount_yen INTEGER NOT NULL CHECK (amount_yen > 0),"
"  currency TEXT NOT NULL DEFAULT 'JPY',"
"  state TEXT NOT NULL CHECK (state IN ('created','redirected','pending',"
"    'paid','failed','cancelled','expired','review','refunded')),"
"  refunded_yen INTEGER NOT NULL DEFAULT 0,"
"  expires_at INTEGER NOT NULL,"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL,"
"  CHECK (refunded_yen >= 0 AND refunded_yen <= amount_yen));"
"INSERT INTO payment_v9 SELECT id, order_id, fee_id, provider, provider_ref,"
"  redirect_url, amount_yen, currency, state, refunded_yen, expires_at,"
"  created_at, updated_at FROM payment;"
"CREATE TABLE payment_event_v9 ("
"  id INTEGER PRIMARY KEY,"
"  payment_id INTEGER NOT NULL REFERENCES payment_v9(id),"
"  key TEXT NOT NULL UNIQUE,"
"  kind TEXT NOT NULL,"
"  at TEXT NOT NULL,"
"  data TEXT NOT NULL DEFAULT '{}');"
"INSERT INTO payment_event_v9 SELECT id, payment_id, key, kind, at, data"
"  FROM payment_event;"
"DROP TABLE payment_event;"
"DROP TABLE payment;"
"ALTER TABLE payment_v9 RENAME TO payment;"
"ALTER TABLE payment_event_v9 RENAME TO payment_event;"
"CREATE UNIQUE INDEX payment_one_per_fee ON payment (fee_id)"
"  WHERE state IN ('created','redirected','pending','paid');"
"CREATE INDEX payment_state ON payment (state, updated_at);"
"CREATE INDEX payment_event_payment ON payment_event (payment_id, id);"
"CREATE TABLE payment_refund ("
"  id INTEGER PRIMARY KEY,"
"  payment_id INTEGER NOT NULL REFERENCES payment(id),"
"  key TEXT NOT NULL UNIQUE,"
"  provider_ref TEXT NOT NULL DEFAULT '',"
"  amount_yen INTEGER NOT NULL CHECK (amount_yen > 0),"
"  state TEXT NOT NULL CHECK (state IN ('pending','succeeded','failed')),"
"  source TEXT NOT NULL CHECK (source IN ('kaiji','dashboard')),"
"  reason TEXT NOT NULL DEFAULT '',"
"  actor TEXT NOT NULL DEFAULT '',"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL);"
"CREATE INDEX payment_refund_payment ON payment_refund (payment_id, id);"
"CREATE INDEX payment_refund_state ON payment_refund (state, id);"
/* Refunds made before this step: succeeded, asked by kaiji. */
"INSERT INTO payment_refund (payment_id, key, provider_ref, amount_yen, state,"
"  source, reason, actor, created_at, updated_at)"
"  SELECT payment_id, key, COALESCE(json_extract(data, '$.ref'), ''),"
"  json_extract(data, '$.amount'), 'succeeded', 'kaiji',"
"  COALESCE(json_extract(data, '$.reason'), ''),"
"  COALESCE(json_extract(data, '$.by'), ''), at, at"
"  FROM payment_event WHERE kind = 'refund'"
"  AND json_extract(data, '$.amount') > 0;",
/* 11: 法84 "残りの保有個人情報について開示決定等をする期限": the decision
 * on the rest of a request under the special time limit, its own
 * decision and day; the grounds withheld in it are marked rest = 1. */
"ALTER TABLE request ADD COLUMN rest_decision TEXT;"
"ALTER TABLE request ADD COLUMN rest_decided_on TEXT;"
"ALTER TABLE decision_reason ADD COLUMN rest INTEGER NOT NULL DEFAULT 0;",
/* 12: two-step sign-in for staff (lib/totp.h): the TOTP secret sealed
 * under the secrets file's TOKEN_TOTP key, the last step used (a code is
 * good once), and one-time recovery codes as argon2id hashes. */
"CREATE TABLE staff_totp ("
"  staff_id INTEGER PRIMARY KEY REFERENCES staff(id),"
"  secret BLOB NOT NULL,"
"  last_step INTEGER NOT NULL DEFAULT 0,"
"  created_at TEXT NOT NULL);"
"CREATE TABLE staff_recovery ("
"  id INTEGER PRIMARY KEY,"
"  staff_id INTEGER NOT NULL REFERENCES staff(id),"
"  hash TEXT NOT NULL,"
"  used_at TEXT);"
"CREATE INDEX staff_recovery_staff ON staff_recovery (staff_id, used_at);",
/* 13: who filed each online request, for the desk's view of suspected
 * floods (issue 16 item 3): key_hash is the keyed hash client_use's
 * "filed" bucket keeps (lib/throttle.h), never the address; filed_at in
 * throttle_now seconds. Rows older than the view's longest window go. */
"CREATE TABLE request_client ("
"  request_id INTEGER PRIMARY KEY REFERENCES request(id),"
"  key_hash TEXT NOT NULL,"
"  filed_at INTEGER NOT NULL);"
"CREATE INDEX request_client_key ON request_client (key_hash, filed_at);"
"CREATE INDEX request_client_at ON request_client (filed_at);",
/* 14: the register by reading (issue 23 item 20): each entry's reading
 * (lib/reading.h), and the search index emptied so that `kaijictl
 * migrate` rebuilds it (reg_reindex) with katakana folded to hiragana and
 * the readings in it. */
"ALTER TABLE register_entry ADD COLUMN reading TEXT NOT NULL DEFAULT '';"
"DELETE FROM register_fts;",
/* 15: e-mail notices through the city's relay (lib/mail.h), a
 * transactional outbox: a row is written in the transaction of the event
 * that causes it. A row holds no personal data but the address it goes
 * to: the body is written when sent, from the template key and params
 * (a day, an amount), never a name, content or reason. Staff rows take
 * their agency's address from the profile when sent. */
"CREATE TABLE mail_outbox ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  event_id INTEGER,"
"  recipient TEXT NOT NULL CHECK (recipient IN ('citizen','staff')),"
"  address TEXT NOT NULL DEFAULT '',"
"  lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja','en')),"
"  template TEXT NOT NULL,"
"  params TEXT NOT NULL DEFAULT '{}',"
"  state TEXT NOT NULL DEFAULT 'queued'"
"    CHECK (state IN ('queued','sent','failed')),"
"  attempts INTEGER NOT NULL DEFAULT 0,"
"  next_try_at TEXT NOT NULL,"
"  last_error TEXT NOT NULL DEFAULT '',"
"  message_id TEXT NOT NULL DEFAULT '',"
"  created_at TEXT NOT NULL,"
"  sent_at TEXT);"
"CREATE INDEX mail_outbox_due ON mail_outbox (state, next_try_at, id);"
"CREATE INDEX mail_outbox_request ON mail_outbox (request_id, id);",
/* 16: the staff daily digest (lib/digest.h), a mail about an agency's
 * cases rather than one request's. SQLite cannot drop a NOT NULL, so the
 * outbox is rebuilt, its rows and ids kept: request_id is empty on a
 * digest row, which names its agency_id and digest_day (Japan's day)
 * instead. The unique index makes one digest per agency and day however
 * many senders run, at once or again. */
"CREATE TABLE mail_outbox_new ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER REFERENCES request(id),"
"  event_id INTEGER,"
"  recipient TEXT NOT NULL CHECK (recipient IN ('citizen','staff')),"
"  address TEXT NOT NULL DEFAULT '',"
"  lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja','en')),"
"  template TEXT NOT NULL,"
"  params TEXT NOT NULL DEFAULT '{}',"
"  state TEXT NOT NULL DEFAULT 'queued'"
"    CHECK (state IN ('queued','sent','failed')),"
"  attempts INTEGER NOT NULL DEFAULT 0,"
"  next_try_at TEXT NOT NULL,"
"  last_error TEXT NOT NULL DEFAULT '',"
"  message_id TEXT NOT NULL DEFAULT '',"
"  created_at TEXT NOT NULL,"
"  sent_at TEXT,"
"  agency_id TEXT REFERENCES agency(id),"
"  digest_day TEXT,"
"  CHECK ((request_id IS NULL) = (digest_day IS NOT NULL)),"
"  CHECK (digest_day IS NULL OR (agency_id IS NOT NULL AND recipient = 'staff')));"
"INSERT INTO mail_outbox_new (id, request_id, event_id, recipient, address,"
"  lang, template, params, state, attempts, next_try_at, last_error,"
"  message_id, created_at, sent_at)"
" SELECT id, request_id, event_id, recipient, address, lang, template,"
"  params, state, attempts, next_try_at, last_error, message_id,"
"  created_at, sent_at FROM mail_outbox;"
"DROP TABLE mail_outbox;"
"ALTER TABLE mail_outbox_new RENAME TO mail_outbox;"
"CREATE INDEX mail_outbox_due ON mail_outbox (state, next_try_at, id);"
"CREATE INDEX mail_outbox_request ON mail_outbox (request_id, id);"
"CREATE UNIQUE INDEX mail_outbox_digest ON mail_outbox (agency_id, digest_day)"
"  WHERE digest_day IS NOT NULL;",
/* 17: 法84 the rest of a request decided later has its own 開示の実施: a
 * fee and a 申出 per part ('main': the request or its 相当の部分; 'rest':
 * 残りの保有個人情報). UNIQUE (request_id, part) keeps one fee per part, so
 * neither can be paid twice. SQLite changes a UNIQUE only by rebuilding
 * the table, and the tables that refer to it with it (payment →
 * payment_event, payment_refund), as step 10 did, so no foreign key is
 * left dangling inside the step. Existing rows are the main part. */
"CREATE TABLE fee_v15 ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  part TEXT NOT NULL DEFAULT 'main' CHECK (part IN ('main','rest')),"
"  amount_yen INTEGER NOT NULL CHECK (amount_yen >= 0),"
"  breakdown TEXT NOT NULL DEFAULT '{}',"
"  state TEXT NOT NULL CHECK (state IN ('due','paid','waived','refunded')),"
"  paid_via TEXT,"
"  paid_at TEXT,"
"  created_at TEXT NOT NULL,"
"  UNIQUE (request_id, part));"
"INSERT INTO fee_v15 (id, request_id, part, amount_yen, breakdown, state,"
"  paid_via, paid_at, created_at) SELECT id, request_id, 'main', amount_yen,"
"  breakdown, state, paid_via, paid_at, created_at FROM fee;"
"CREATE TABLE payment_v15 ("
"  id INTEGER PRIMARY KEY,"
"  order_id TEXT NOT NULL UNIQUE,"
"  fee_id INTEGER NOT NULL REFERENCES fee_v15(id),"
"  provider TEXT NOT NULL,"
"  provider_ref TEXT NOT NULL DEFAULT '',"
"  redirect_url TEXT NOT NULL DEFAULT '',"
"  amount_yen INTEGER NOT NULL CHECK (amount_yen > 0),"
"  currency TEXT NOT NULL DEFAULT 'JPY',"
"  state TEXT NOT NULL CHECK (state IN ('created','redirected','pending',"
"    'paid','failed','cancelled','expired','review','refunded')),"
"  refunded_yen INTEGER NOT NULL DEFAULT 0,"
"  expires_at INTEGER NOT NULL,"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL,"
"  CHECK (refunded_yen >= 0 AND refunded_yen <= amount_yen));"
"INSERT INTO payment_v15 SELECT id, order_id, fee_id, provider, provider_ref,"
"  redirect_url, amount_yen, currency, state, refunded_yen, expires_at,"
"  created_at, updated_at FROM payment;"
"CREATE TABLE payment_event_v15 ("
"  id INTEGER PRIMARY KEY,"
"  payment_id INTEGER NOT NULL REFERENCES payment_v15(id),"
"  key TEXT NOT NULL UNIQUE,"
"  kind TEXT NOT NULL,"
"  at TEXT NOT NULL,"
"  data TEXT NOT NULL DEFAULT '{}');"
"INSERT INTO payment_event_v15 SELECT id, payment_id, key, kind, at, data"
"  FROM payment_event;"
"CREATE TABLE payment_refund_v15 ("
"  id INTEGER PRIMARY KEY,"
"  payment_id INTEGER NOT NULL REFERENCES payment_v15(id),"
"  key TEXT NOT NULL UNIQUE,"
"  provider_ref TEXT NOT NULL DEFAULT '',"
"  amount_yen INTEGER NOT NULL CHECK (amount_yen > 0),"
"  state TEXT NOT NULL CHECK (state IN ('pending','succeeded','failed')),"
"  source TEXT NOT NULL CHECK (source IN ('kaiji','dashboard')),"
"  reason TEXT NOT NULL DEFAULT '',"
"  actor TEXT NOT NULL DEFAULT '',"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL);"
"INSERT INTO payment_refund_v15 SELECT id, payment_id, key, provider_ref,"
"  amount_yen, state, source, reason, actor, created_at, updated_at"
"  FROM payment_refund;"
"DROP TABLE payment_refund;"
"DROP TABLE payment_event;"
"DROP TABLE payment;"
"DROP TABLE fee;"
"ALTER TABLE fee_v15 RENAME TO fee;"
"ALTER TABLE payment_v15 RENAME TO payment;"
"ALTER TABLE payment_event_v15 RENAME TO payment_event;"
"ALTER TABLE payment_refund_v15 RENAME TO payment_refund;"
"CREATE UNIQUE INDEX payment_one_per_fee ON payment (fee_id)"
"  WHERE state IN ('created','redirected','pending','paid');"
"CREATE INDEX payment_state ON payment (state, updated_at);"
"CREATE INDEX payment_event_payment ON payment_event (payment_id, id);"
"CREATE INDEX payment_refund_payment ON payment_refund (payment_id, id);"
"CREATE INDEX payment_refund_state ON payment_refund (state, id);"
/* 法87③: the 申出 for each part (the rest's decision offers its own
 * methods); a leaf table, rebuilt for its key. */
"CREATE TABLE delivery_choice_v15 ("
"  request_id INTEGER NOT NULL REFERENCES request(id),"
"  part TEXT NOT NULL DEFAULT 'main' CHECK (part IN ('main','rest')),"
"  method TEXT NOT NULL CHECK (method IN ('counter','mail')),"
"  slot_id INTEGER REFERENCES offer_slot(id),"
"  chosen_at TEXT NOT NULL,"
"  PRIMARY KEY (request_id, part));"
"INSERT INTO delivery_choice_v15 (request_id, part, method, slot_id, chosen_at)"
"  SELECT request_id, 'main', method, slot_id, chosen_at FROM delivery_choice;"
"DROP TABLE delivery_choice;"
"ALTER TABLE delivery_choice_v15 RENAME TO delivery_choice;",
/* Identity documents kept in the database (Kaiji.Vault = database,
 * lib/vault.h): sealed as in the vault's files, for several web servers
 * on one database. */
"CREATE TABLE vault_file ("
"  name TEXT PRIMARY KEY,"
"  sealed BLOB NOT NULL,"
"  created_at TEXT NOT NULL);",
/* 19: the keyed fingerprint of the secrets file the database was set up
 * with (lib/sitekey.h), recorded by the first program to open it: a web
 * server with another secrets file refuses to start. One row. */
"CREATE TABLE site_key ("
"  id INTEGER PRIMARY KEY CHECK (id = 1),"
"  fingerprint TEXT NOT NULL,"
"  created_at TEXT NOT NULL);",
/* 20: the status lookup's session is its signed cookie (lib/lookup.c):
 * a lookup writes nothing. */
"DROP TABLE lookup_session;",
};

const int db_schema_version =
    (int)(sizeof db_migrations / sizeof db_migrations[0]);
