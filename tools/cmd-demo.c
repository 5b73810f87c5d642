/* kaijictl seed-demo: the active profile's agencies, some departments,
 * register entries and one staff account, for demonstrations and tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "arena.h"
#include "cmd.h"
#include "db.h"
#include "token.h"

struct demo_file {
	const char *name, *agency, *department, *purpose, *items, *range,
	    *collection, *recipients;
	int sensitive;
	const char *count;
};

/* Files a city typically keeps; the register issue's import replaces them. */
static const struct demo_file demo_files[] = {
	{ "住民基本台帳ファイル", "mayor", "市民課",
	  "住民基本台帳法に基づく住民の居住関係の公証、選挙人名簿の登録その他の住民に関する事務の処理",
	  "氏名、生年月日、性別、世帯主との続柄、住所、住民となった年月日、本籍、個人番号",
	  "市内に住所を有する者", "本人からの届出、他の市区町村からの通知", "国、他の地方公共団体", 0, "約24万人" },
	{ "市民税課税台帳ファイル", "mayor", "市民税課",
	  "個人市民税の賦課及び徴収", "氏名、住所、生年月日、所得の状況、控除の状況、税額",
	  "市民税の納税義務者", "本人からの申告、給与支払報告書、国税庁からの通知", "", 0, "約15万人" },
	{ "固定資産課税台帳ファイル", "mayor", "資産税課",
	  "固定資産税の賦課", "所有者の氏名、住所、資産の所在及び評価額",
	  "市内に固定資産を所有する者", "登記所からの通知、本人からの申告", "", 0, "約11万人" },
	{ "国民健康保険被保険者ファイル", "mayor", "国民健康保険課",
	  "国民健康保険の資格管理及び保険給付", "氏名、生年月日、住所、被保険者番号、給付の記録、所得の状況",
	  "国民健康保険の被保険者", "本人からの届出、医療機関からの請求", "国民健康保険団体連合会", 1, "約5万人" },
	{ "介護保険被保険者ファイル", "mayor", "介護保険課",
	  "介護保険の資格管理、要介護認定及び保険給付", "氏名、生年月日、住所、要介護状態区分、心身の状況",
	  "介護保険の被保険者", "本人からの申請、主治医意見書", "国民健康保険団体連合会", 1, "約7万人" },
	{ "児童手当受給者ファイル", "mayor", "子育て支援課",
	  "児童手当の認定及び支給", "受給者の氏名、住所、口座情報、児童の氏名及び生年月日、所得の状況",
	  "児童手当の受給者及びその児童", "本人からの申請", "", 0, "約2万人" },
	{ "生活保護ファイル", "mayor", "生活福祉課",
	  "生活保護の決定及び実施", "氏名、住所、世帯の状況、収入及び資産の状況、心身の状況",
	  "生活保護の申請者及び被保護者", "本人からの申請、関係機関への調査", "", 1, "約3千人" },
	{ "障害者手帳交付ファイル", "mayor", "障がい福祉課",
	  "身体障害者手帳等の交付及び障害福祉サービスの提供", "氏名、住所、生年月日、障害の程度、医師の診断",
	  "手帳の交付を受けた者", "本人からの申請、医師の診断書", "", 1, "約1万人" },
	{ "健康診査受診者ファイル", "mayor", "健康増進課",
	  "がん検診その他の健康診査の実施及び結果の通知", "氏名、住所、生年月日、受診日、検査結果",
	  "健康診査を受けた者", "本人からの申込み、検診機関からの報告", "", 1, "約4万人" },
	{ "市営住宅入居者ファイル", "mayor", "住宅課",
	  "市営住宅の入居者の管理及び家賃の決定", "氏名、住所、世帯構成、収入の状況",
	  "市営住宅の入居者及び申込者", "本人からの申込み", "", 0, "約3千人" },
	{ "児童生徒学籍ファイル", "board_of_education", "学校教育課",
	  "市立小中学校の児童生徒の学籍の管理", "氏名、生年月日、住所、保護者の氏名、在籍校、学年",
	  "市立小中学校の児童生徒及び保護者", "住民基本台帳、保護者からの届出", "", 0, "約1万8千人" },
	{ "就学援助ファイル", "board_of_education", "学校教育課",
	  "就学援助費の認定及び支給", "保護者の氏名、住所、所得の状況、口座情報",
	  "就学援助の申請者", "保護者からの申請", "", 0, "約2千人" },
	{ "選挙人名簿ファイル", "election_board", "選挙管理委員会事務局",
	  "選挙人名簿の調製及び選挙の執行", "氏名、住所、生年月日、性別",
	  "選挙人名簿に登録された者", "住民基本台帳", "", 0, "約20万人" },
};

#define DEMO_FILES (sizeof demo_files / sizeof demo_files[0])

static const char sql_agency[] =
    "INSERT INTO agency (id, name, name_en, head) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (id) DO UPDATE SET name = ?2, name_en = ?3, head = ?4";
static const char sql_department[] =
    "INSERT OR IGNORE INTO department (agency_id, name) VALUES (?1, ?2)";
static const char sql_entry[] =
    "INSERT INTO register_entry (name, agency_id, department, purpose, items, "
    "persons_range, collection, sensitive, recipients, request_office, "
    "persons_count, file_type, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char sql_history[] =
    "INSERT INTO register_history (entry_id, on_date, change) "
    "VALUES (?1, ?2, 'notified')";
static const char sql_staff[] =
    "INSERT OR IGNORE INTO staff (login, name, role, password_hash, created_at) "
    "VALUES ('admin', '管理者', 'admin', ?1, ?2)";
static const char sql_has_agency[] = "SELECT 1 FROM agency WHERE id = ?1";

static int step_done(sqlite3_stmt *st)
{
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int seed_agencies(struct app *app)
{
	HDF *list = hdf_get_obj(app->cfg, "City.Agency");
	for (HDF *a = list ? hdf_obj_child(list) : NULL; a; a = hdf_obj_next(a)) {
		sqlite3_stmt *st = db_stmt(app->db, sql_agency);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, hdf_obj_name(a));
		db_bind_text(st, 2, hdf_get_value(a, "Name", hdf_obj_name(a)));
		db_bind_text(st, 3, hdf_get_value(a, "NameEn", ""));
		db_bind_text(st, 4, hdf_get_value(a, "Head", ""));
		if (step_done(st) != 0)
			return -1;
	}
	return 0;
}

static int agency_exists(struct app *app, const char *id)
{
	sqlite3_stmt *st = db_stmt(app->db, sql_has_agency);
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, id);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

static int seed_entry(struct app *app, const struct demo_file *f, long copy,
                      const char *today, struct arena *a)
{
	const char *agency = agency_exists(app, f->agency) ? f->agency : "mayor";
	if (!agency_exists(app, agency))
		return 0;
	sqlite3_stmt *st = db_stmt(app->db, sql_department);
	db_bind_text(st, 1, agency);
	db_bind_text(st, 2, f->department);
	if (step_done(st) != 0)
		return -1;
	st = db_stmt(app->db, sql_entry);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, copy ? arena_printf(a, "%s（その%ld）", f->name, copy + 1)
	                         : f->name);
	db_bind_text(st, 2, agency);
	db_bind_text(st, 3, f->department);
	db_bind_text(st, 4, f->purpose);
	db_bind_text(st, 5, f->items);
	db_bind_text(st, 6, f->range);
	db_bind_text(st, 7, f->collection);
	db_bind_int(st, 8, f->sensitive);
	db_bind_text(st, 9, f->recipients);
	db_bind_text(st, 10, arena_printf(a, "%s（%s）",
	                                  hdf_get_value(app->cfg, "City.Office.Name", ""),
	                                  hdf_get_value(app->cfg, "City.Office.Address", "")));
	db_bind_text(st, 11, f->count);
	db_bind_text(st, 12, copy % 5 == 4 ? "manual" : "electronic");
	db_bind_text(st, 13, today);
	if (step_done(st) != 0)
		return -1;
	st = db_stmt(app->db, sql_history);
	db_bind_int(st, 1, sqlite3_last_insert_rowid(db_handle(app->db)));
	db_bind_text(st, 2, today);
	return step_done(st);
}

static int seed_register(struct app *app, long n, struct arena *a)
{
	char today[11];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	for (long i = 0; i < n; i++)
		if (seed_entry(app, &demo_files[i % DEMO_FILES], i / (long)DEMO_FILES,
		               today, a) != 0)
			return -1;
	return 0;
}

static int seed_staff(struct app *app, struct arena *a)
{
	char hash[crypto_pwhash_STRBYTES], stamp[32];
	const char *password = token_random(a, 12);
	if (crypto_pwhash_str(hash, password, strlen(password),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_stmt *st = db_stmt(app->db, sql_staff);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, stamp);
	if (step_done(st) != 0)
		return -1;
	if (sqlite3_changes(db_handle(app->db)) == 1)
		printf("staff login: admin / %s\n", password);
	else
		printf("staff login: admin (already set up; password unchanged)\n");
	return 0;
}

static int parse_count(int argc, char **argv, long *n)
{
	*n = (long)DEMO_FILES;
	if (argc == 1)
		return 0;
	if (argc != 3 || strcmp(argv[1], "--register") != 0)
		return -1;
	char *end;
	errno = 0;
	*n = strtol(argv[2], &end, 10);
	return (errno || *end || *n < 0 || *n > 10000000) ? -1 : 0;
}

int cmd_seed_demo(struct app *app, int argc, char **argv)
{
	long n;
	if (parse_count(argc, argv, &n) != 0) {
		fputs("usage: kaijictl seed-demo [--register N]\n", stderr);
		return 2;
	}
	struct arena *a = arena_new();
	int rc = db_begin(app->db);
	if (rc == 0)
		rc = seed_agencies(app);
	if (rc == 0)
		rc = seed_register(app, n, a);
	if (rc == 0)
		rc = seed_staff(app, a);
	if (rc == 0)
		rc = db_commit(app->db);
	if (rc != 0) {
		db_rollback(app->db);
		fprintf(stderr, "kaijictl seed-demo: %s\n",
		        sqlite3_errmsg(db_handle(app->db)));
	} else {
		printf("demo data: %ld register entries\n", n);
	}
	arena_free(a);
	return rc ? 1 : 0;
}
