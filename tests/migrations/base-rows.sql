-- Rows every schema version has (the tables of step 1, with their column
-- names), for capturing a fixture of an older version without the
-- current seed-demo (tests/migrations/make-fixture VERSION). Demo data only.
INSERT INTO agency (id, name, name_en, head) VALUES ('mayor', '市長', 'Mayor', '山形市長');
INSERT INTO agency (id, name, name_en, head) VALUES ('board_of_education', '教育委員会', 'Board of Education', '山形市教育委員会');
INSERT INTO agency (id, name, name_en, head) VALUES ('election_board', '選挙管理委員会', 'Election Administration Commission', '山形市選挙管理委員会');
INSERT INTO agency (id, name, name_en, head) VALUES ('audit', '監査委員', 'Audit Commissioners', '山形市監査委員');
INSERT INTO agency (id, name, name_en, head) VALUES ('agriculture', '農業委員会', 'Agricultural Committee', '山形市農業委員会');
INSERT INTO agency (id, name, name_en, head) VALUES ('fixed_asset', '固定資産評価審査委員会', 'Fixed Asset Evaluation Review Board', '山形市固定資産評価審査委員会');
INSERT INTO agency (id, name, name_en, head) VALUES ('hospital', '病院事業管理者', 'Hospital Enterprise Manager', '山形市病院事業管理者');
INSERT INTO agency (id, name, name_en, head) VALUES ('waterworks', '上下水道事業管理者', 'Water and Sewerage Enterprise Manager', '山形市上下水道事業管理者');
INSERT INTO agency (id, name, name_en, head) VALUES ('fire', '消防長', 'Fire Chief', '山形市消防長');
INSERT INTO agency (id, name, name_en, head) VALUES ('property_ward', '財産区', 'Property Wards', '山形市長');
INSERT INTO department (id, agency_id, name) VALUES (1, 'mayor', '市民課');
INSERT INTO department (id, agency_id, name) VALUES (2, 'mayor', '市民税課');
INSERT INTO department (id, agency_id, name) VALUES (3, 'mayor', '資産税課');
INSERT INTO staff (id, login, name, role, password_hash, disabled, created_at) VALUES (1, 'admin', '管理者', 'admin', '$argon2id$v=19$m=65536,t=2,p=1$UGysFG/jCV4zni6vXsRVgg$fpWRv62Ch4yKT1eUsRIBun2/i9eSC2/tpaaINrylpmk', 0, '2026-11-28T06:34:22Z');
INSERT INTO register_entry (id, name, agency_id, department, purpose, items, persons_range, collection, sensitive, sensitive_ordinance, recipients, request_office, special_procedures, file_type, persons_count, anonymized, remarks, manager, started_on, record_form, outside_use, outsourced, legal_basis, abolished_on, updated_at) VALUES (1, '住民基本台帳ファイル', 'mayor', '市民課', '住民基本台帳法に基づく住民の居住関係の公証、選挙人名簿の登録その他の住民に関する事務の処理', '氏名、生年月日、性別、世帯主との続柄、住所、住民となった年月日、本籍、個人番号', '市内に住所を有する者', '本人からの届出、他の市区町村からの通知', 0, 0, '国、他の地方公共団体', '市民生活部市民相談課・情報公開窓口（市役所1階）（山形市旅篭町二丁目3番25号）', '', 'electronic', '約24万人', '', '', '', '', '', '', '', '', NULL, '2026-11-28');
INSERT INTO register_entry (id, name, agency_id, department, purpose, items, persons_range, collection, sensitive, sensitive_ordinance, recipients, request_office, special_procedures, file_type, persons_count, anonymized, remarks, manager, started_on, record_form, outside_use, outsourced, legal_basis, abolished_on, updated_at) VALUES (2, '市民税課税台帳ファイル', 'mayor', '市民税課', '個人市民税の賦課及び徴収', '氏名、住所、生年月日、所得の状況、控除の状況、税額', '市民税の納税義務者', '本人からの申告、給与支払報告書、国税庁からの通知', 0, 0, '', '市民生活部市民相談課・情報公開窓口（市役所1階）（山形市旅篭町二丁目3番25号）', '', 'electronic', '約15万人', '', '', '', '', '', '', '', '', NULL, '2026-11-28');
INSERT INTO register_entry (id, name, agency_id, department, purpose, items, persons_range, collection, sensitive, sensitive_ordinance, recipients, request_office, special_procedures, file_type, persons_count, anonymized, remarks, manager, started_on, record_form, outside_use, outsourced, legal_basis, abolished_on, updated_at) VALUES (3, '固定資産課税台帳ファイル', 'mayor', '資産税課', '固定資産税の賦課', '所有者の氏名、住所、資産の所在及び評価額', '市内に固定資産を所有する者', '登記所からの通知、本人からの申告', 0, 0, '', '市民生活部市民相談課・情報公開窓口（市役所1階）（山形市旅篭町二丁目3番25号）', '', 'electronic', '約11万人', '', '', '', '', '', '', '', '', NULL, '2026-11-28');
INSERT INTO register_history (id, entry_id, on_date, change, note) VALUES (1, 1, '2026-11-28', 'notified', '');
INSERT INTO register_history (id, entry_id, on_date, change, note) VALUES (2, 2, '2026-11-28', 'notified', '');
INSERT INTO register_history (id, entry_id, on_date, change, note) VALUES (3, 3, '2026-11-28', 'notified', '');
