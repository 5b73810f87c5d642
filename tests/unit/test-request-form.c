/* The request form's checks against the real profiles: required fields,
 * lengths, normalisation, kinds, agents, the follow-up window and the
 * identity-document rules; request.data; the submission and its draft. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "request-form.h"
#include "tap.h"
#include "token.h"
#include "vault.h"

static struct fixture fx[2];
static const struct profile *prof[2]; /* yamagata, bibai */
static cal_day today;

static int load(int i, const char *city)
{
	if (fixture_open(&fx[i], city, 0) != 0)
		return -1;
	prof[i] = &fx[i].prof;
	return 0;
}

static json_t *good(const char *kind)
{
	char issued[11], disclosed[11];
	cal_format(today - 3, issued);
	cal_format(today - 10, disclosed);
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	                      "kind", kind, "agency", "mayor", "sought", "記録",
	                      "name", "山田 花子", "furigana", "ヤマダ ハナコ",
	                      "postal", "〒９９０ー８５４０", "address", "山形市",
	                      "phone", "０２３－６４１－１２１２", "agent", "none",
	                      "resident_issued_on", issued);
	if (strcmp(kind, "disclosure") == 0) {
		rform_set(v, "method", "copy_counter");
		rform_set(v, "medium", "mono");
		rform_set(v, "units", "３");
	} else if (strcmp(kind, "correction") == 0) {
		rform_set(v, "disclosure_received_on", disclosed);
		rform_set(v, "wrong", "a");
		rform_set(v, "should_be", "b");
	} else {
		rform_set(v, "follows_ref", "２０２６－０００００１");
		rform_set(v, "ground", "outside_use");
		rform_set(v, "stop", "c");
	}
	return v;
}

static const struct rform_doc photo_and_record[] = { { "drivers_license" },
	                                             { "resident_record" } };

static size_t check(int city, json_t *v, const struct rform_doc *docs, size_t n,
                    struct rform_errors *errs, struct arena *a)
{
	struct rform_ctx ctx = { prof[city], today, true };
	memset(errs, 0, sizeof *errs);
	rform_check(&ctx, a, v, docs, n, errs);
	for (size_t i = 0; i < errs->n; i++)
		printf("#   %s: %s\n", errs->e[i].field, errs->e[i].key);
	return errs->n;
}

static bool has(const struct rform_errors *e, const char *field, const char *key)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0 && strcmp(e->e[i].key, key) == 0)
			return true;
	return false;
}

static void valid_requests(struct arena *a)
{
	struct rform_errors e;
	json_t *v = good("disclosure");
	TAP_INTEQ(check(0, v, photo_and_record, 2, &e, a), 0, "a disclosure request passes");
	TAP_STREQ(rform_get(v, "postal"), "990-8540", "postal code folded from full width and 〒");
	TAP_STREQ(rform_get(v, "phone"), "023-641-1212", "phone number folded");
	TAP_STREQ(rform_get(v, "units"), "3", "units folded");
	TAP_INTEQ(rform_estimate(prof[0], v), 30, "3 black-and-white pages at 10 yen");
	char *data = rform_request_data(prof[0], v, "ja");
	json_t *d = json_loads(data, 0, NULL);
	TAP_STREQ(json_string_value(json_object_get(json_object_get(d, "requester"), "name")),
	          "山田 花子", "request.data requester.name");
	TAP_INTEQ(json_integer_value(json_object_get(json_object_get(d, "delivery"), "estimate_yen")),
	          30, "request.data delivery.estimate_yen");
	TAP_OK(json_object_get(d, "agent") == NULL && json_object_get(d, "correction") == NULL,
	       "only the keys the kind needs");
	json_decref(d);
	free(data);
	json_decref(v);

	v = good("suspension");
	TAP_INTEQ(check(0, v, photo_and_record, 2, &e, a), 0, "a suspension request passes (Yamagata)");
	TAP_STREQ(rform_get(v, "follows_ref"), "2026-000001", "reference number folded");
	json_decref(v);
	v = good("cessation");
	rform_set(v, "ground", "");
	TAP_INTEQ(check(1, v, photo_and_record, 2, &e, a), 0, "cessation has one ground, chosen for the citizen (Bibai)");
	TAP_STREQ(rform_get(v, "ground"), "outside_use", "the one ground");
	json_decref(v);
}

static void bad_fields(struct arena *a)
{
	struct rform_errors e;
	json_t *v = good("disclosure");
	rform_set(v, "name", "");
	rform_set(v, "postal", "99-8540");
	rform_set(v, "phone", "call me");
	rform_set(v, "email", "a@b");
	rform_set(v, "furigana", "Yamada<script>");
	rform_set(v, "agency", "nobody");
	rform_set(v, "method", "fax");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "name", "Required"), "-bad- a missing name");
	TAP_OK(has(&e, "postal", "Postal"), "-bad- a postal code of 6 digits");
	TAP_OK(has(&e, "phone", "Phone"), "-bad- a phone number in words");
	TAP_OK(has(&e, "email", "Email"), "-bad- an email without a dot in the domain");
	TAP_OK(has(&e, "furigana", "Kana"), "-bad- furigana with markup");
	TAP_OK(has(&e, "agency", "Choice"), "-bad- an agency the profile lacks");
	TAP_OK(has(&e, "method", "Choice"), "-bad- a delivery method the profile lacks");
	json_decref(v);

	/* Selects and radios left alone say 選んでください (L.Request.Err.Select). */
	v = good("disclosure");
	rform_set(v, "agency", "");
	rform_set(v, "method", "");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "agency", "Select"), "-bad- no agency chosen: Select");
	TAP_OK(has(&e, "method", "Select"), "-bad- no delivery method chosen: Select");
	TAP_OK(!has(&e, "agency", "Required"), "not 入力してください for a select");
	json_decref(v);
	v = good("disclosure");
	rform_set(v, "medium", "");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "medium", "Select"), "-bad- no kind of copy chosen: Select");
	json_decref(v);

	v = good("disclosure");
	char *longtext = malloc(4002 * 3 + 1);
	for (int i = 0; i < 4001; i++)
		memcpy(longtext + i * 3, "あ", 3);
	longtext[4001 * 3] = '\0';
	rform_set(v, "sought", longtext);
	longtext[4000 * 3] = '\0';
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "sought", "TooLong") && strcmp(e.e[0].arg, "4000") == 0,
	       "-bad- 4001 characters in a 4000-character field");
	rform_set(v, "sought", longtext);
	TAP_INTEQ(check(0, v, photo_and_record, 2, &e, a), 0, "4000 characters (12000 bytes) pass");
	free(longtext);
	rform_set(v, "kind", "deletion");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "kind", "Choice"), "-bad- deletion is not a kind under the law (Yamagata)");
	json_decref(v);
}

static void follow_up(struct arena *a)
{
	struct rform_errors e;
	char day[11];
	json_t *v = good("correction");
	cal_day end;
	cal_window_end(&prof[0]->cal, today - 95, 90, &end);
	cal_format(today - 95, day);
	rform_set(v, "disclosure_received_on", day);
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "disclosure_received_on", "Window") == (end < today),
	       "-bad- 95 days after the disclosure: past the window unless it rolled");
	cal_format(today - 200, day);
	rform_set(v, "disclosure_received_on", day);
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "disclosure_received_on", "Window"), "-bad- 200 days after the disclosure");
	cal_format(today + 1, day);
	rform_set(v, "disclosure_received_on", day);
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "disclosure_received_on", "DateFuture"), "-bad- a disclosure received tomorrow");
	rform_set(v, "disclosure_received_on", "2026-02-30");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "disclosure_received_on", "Date"), "-bad- 30 February");
	rform_set(v, "disclosure_received_on", "");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "disclosure_received_on", "FollowUp"), "-bad- neither date nor reference");
	rform_set(v, "follows_ref", "2026-12");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "follows_ref", "Ref"), "-bad- a short reference number");
	cal_format(today - 5, day);
	rform_set(v, "disclosure_received_on", "");
	rform_set(v, "follows_ref", "2026-000007");
	TAP_INTEQ(check(0, v, photo_and_record, 2, &e, a), 0, "a reference number alone is enough");
	json_decref(v);
}

static void documents(struct arena *a)
{
	struct rform_errors e;
	json_t *v = good("disclosure");
	static const struct rform_doc one_plain[] = { { "health_insurance" }, { "resident_record" } };
	static const struct rform_doc two_plain[] = { { "health_insurance" }, { "other" } };
	check(0, v, one_plain, 2, &e, a);
	TAP_OK(has(&e, "documents", "Identity"), "-bad- Yamagata: one document without a photo is not enough");
	TAP_INTEQ(check(1, v, one_plain, 2, &e, a), 0, "Bibai: one document without a photo is");
	check(0, v, two_plain, 2, &e, a);
	TAP_OK(has(&e, "documents_residence", "Residence"), "-bad- an uploaded request without 住民票の写し");
	char old[11];
	cal_format(today - 31, old);
	rform_set(v, "resident_issued_on", old);
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "resident_issued_on", "ResidenceAge") && strcmp(e.e[0].arg, "30") == 0,
	       "-bad- a 住民票の写し issued 31 days ago");
	cal_format(today - 30, old);
	rform_set(v, "resident_issued_on", old);
	TAP_INTEQ(check(0, v, photo_and_record, 2, &e, a), 0, "issued 30 days ago passes");

	rform_set(v, "agent", "legal");
	rform_set(v, "agent_relation", "guardian");
	rform_set(v, "agent_name", "代理 人");
	rform_set(v, "agent_furigana", "だいり にん");
	rform_set(v, "agent_postal", "1000001");
	rform_set(v, "agent_address", "東京都");
	rform_set(v, "agent_phone", "03-1234-5678");
	check(0, v, photo_and_record, 2, &e, a);
	TAP_OK(has(&e, "documents_agent", "AgentProof"), "-bad- a legal agent without proof");
	static const struct rform_doc with_proof[] = { { "drivers_license" }, { "resident_record" },
	                                               { "guardianship_record" } };
	TAP_INTEQ(check(0, v, with_proof, 3, &e, a), 0, "with the guardianship certificate");
	TAP_STREQ(rform_get(v, "agent_postal"), "100-0001", "the agent's postal code folded");
	rform_set(v, "agent", "voluntary");
	check(0, v, with_proof, 3, &e, a);
	TAP_OK(has(&e, "documents_agent", "AgentProof"), "-bad- a voluntary agent with a legal agent's proof");
	rform_set(v, "agent", "someone");
	check(0, v, with_proof, 3, &e, a);
	TAP_OK(has(&e, "agent", "Choice"), "-bad- an unknown agent type");
	json_decref(v);
}

/* 美唄市 規則6条1項ただし書: an agent only for a minor or an adult ward
 * (the legal agent's relation), or for a special reason the mayor
 * accepts, which the voluntary agent states. */
static void agent_limits(struct arena *a)
{
	struct rform_errors e;
	json_t *v = good("disclosure");
	rform_set(v, "agent", "voluntary");
	rform_set(v, "agent_name", "代理 人");
	rform_set(v, "agent_furigana", "だいり にん");
	rform_set(v, "agent_postal", "0720000");
	rform_set(v, "agent_address", "美唄市");
	rform_set(v, "agent_phone", "0126-63-0111");
	static const struct rform_doc with_mandate[] = { { "drivers_license" }, { "resident_record" },
	                                                 { "power_of_attorney" } };
	check(1, v, with_mandate, 3, &e, a);
	TAP_OK(has(&e, "agent_reason", "Required"), "-bad- Bibai: a voluntary agent without the special reason");
	rform_set(v, "agent_reason", "本人が長期入院中のため");
	TAP_INTEQ(check(1, v, with_mandate, 3, &e, a), 0, "Bibai: with the reason");
	char *data = rform_request_data(prof[1], v, "ja");
	TAP_OK(data && strstr(data, "\"reason\":\"本人が長期入院中のため\"") != NULL,
	       "the reason is kept with the request for the city to weigh");
	free(data);
	rform_set(v, "agent", "legal");
	rform_set(v, "agent_relation", "");
	check(1, v, with_mandate, 3, &e, a);
	TAP_OK(has(&e, "agent_relation", "Select"), "-bad- Bibai: a legal agent must say whose (minor or adult ward)");
	json_decref(v);

	v = good("disclosure");
	rform_set(v, "agent", "voluntary");
	rform_set(v, "agent_name", "代理 人");
	rform_set(v, "agent_furigana", "だいり にん");
	rform_set(v, "agent_postal", "9900000");
	rform_set(v, "agent_address", "山形市");
	rform_set(v, "agent_phone", "023-641-1212");
	rform_set(v, "agent_reason", "posted anyway");
	check(0, v, with_mandate, 3, &e, a);
	TAP_OK(!has(&e, "agent_reason", "Required"), "Yamagata asks no reason of a voluntary agent");
	data = rform_request_data(prof[0], v, "ja");
	TAP_OK(data && strstr(data, "reason") == NULL, "and keeps none that was posted");
	free(data);
	json_decref(v);
}

static void submission(struct arena *a)
{
	char dir[256], path[300], err[4096];
	snprintf(dir, sizeof dir, "/tmp/kaiji-test-rf-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/key", dir);
	struct db *db;
	if (token_init(path, true, err, sizeof err))
		return;
	snprintf(path, sizeof path, "%s/db", dir);
	if (db_open(path, &db, err, sizeof err) || db_migrate(db, err, sizeof err)) {
		printf("# %s\n", err);
		return;
	}
	struct vault vault;
	if (vault_config(&vault, NULL, dir, db, err, sizeof err) || vault_open(&vault)) {
		printf("# %s\n", err);
		return;
	}
	struct draft d, d2;
	TAP_INTEQ(draft_create(db, a, 120, &d), 0, "a draft");
	TAP_INTEQ(draft_load(db, a, d.token, &d2), 0, "found by its token");
	TAP_INTEQ(draft_load(db, a, "x", &d2), 1, "-bad- not by a malformed token");
	const char *name;
	vault_put(&vault, a, "%PDF-1.7 id", 11, &name);
	TAP_INTEQ(draft_file_add(db, d.id_hash, "drivers_license", name, "application/pdf", 11, "id.pdf"), 0,
	          "a file in the draft");
	json_t *v = good("disclosure");
	struct case_created c, c2;
	TAP_INTEQ(rform_submit(db, prof[0], a, &d, v, "ja", &c), 0, "filed");
	TAP_INTEQ(rform_submit(db, prof[0], a, &d, v, "ja", &c2), 1, "-bad- the same draft again files nothing");
	TAP_INTEQ(c2.id, c.id, "and names the first request");
	draft_load(db, a, d.token, &d2);
	TAP_STREQ(draft_code(a, &d2), c.code, "the code opens with the token");
	d2.token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	TAP_OK(draft_code(a, &d2) == NULL, "-bad- and not with another token");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "SELECT COUNT(*) FROM document WHERE vault_name = ?1", -1, &st, NULL);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_step(st);
	TAP_INTEQ(sqlite3_column_int(st, 0), 1, "the draft's file is the request's document");
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db_handle(db), "SELECT actor FROM event WHERE request_id = ?1 AND kind = 'received'", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, c.id);
	TAP_INTEQ(sqlite3_step(st), SQLITE_ROW, "the request's received event");
	TAP_STREQ((const char *)sqlite3_column_text(st, 0), "citizen", "was the citizen's, filed online");
	sqlite3_finalize(st);

	struct draft old;
	draft_create(db, a, 120, &old);
	const char *old_name;
	vault_put(&vault, a, "\x89PNG", 4, &old_name);
	draft_file_add(db, old.id_hash, "other", old_name, "image/png", 4, "");
	sqlite3_exec(db_handle(db), "UPDATE draft SET expires_at = 1", NULL, NULL, NULL);
	TAP_INTEQ(draft_purge_expired(db, &vault), 2, "expired drafts purged (the filed one too)");
	TAP_INTEQ(vault_exists(&vault, old_name), 0, "an expired draft's vault file is deleted");
	TAP_INTEQ(vault_exists(&vault, name), 1, "a filed document's vault file stays");
	TAP_INTEQ(draft_purge_expired(db, &vault), 0, "nothing more to purge");
	TAP_INTEQ(rform_submit(db, prof[0], a, &old, v, "ja", &c2), 2, "-bad- an expired draft cannot be filed");
	json_decref(v);
	db_close(db);
	vault_delete(&vault, name);
	rmdir(vault.dir);
	static const char *const files[] = { "key", "db", "db-wal", "db-shm" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	if (load(0, "yamagata") || load(1, "bibai")) {
		printf("not ok 1 - profiles load\n1..1\n");
		return 1;
	}
	cal_parse("2026-07-15", &today);
	struct arena *a = arena_new();
	valid_requests(a);
	bad_fields(a);
	follow_up(a);
	documents(a);
	agent_limits(a);
	submission(a);
	arena_free(a);
	fixture_close(&fx[0]);
	fixture_close(&fx[1]);
	return TAP_DONE();
}
