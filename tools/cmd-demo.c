/* kaijictl seed-demo: the active profile's agencies, some departments,
 * register entries and one staff account, for demonstrations and tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <time.h>

#include <sodium.h>

#include "arena.h"
#include "cmd.h"
#include "calendar.h"
#include "db.h"
#include "log.h"
#include "totp.h"
#include "register.h"
#include "staff.h"
#include "token.h"

struct demo_file {
	const char *name, *agency, *department, *purpose, *items, *range,
	    *collection, *recipients;
	int sensitive;
	const char *count, *basis;
};

/* Files a city typically keeps. Entry N past the table's length is a
 * variation of one of them: a district, a fiscal year and a kind of
 * record, so that the words of a large register vary as a real one does. */
static const struct demo_file demo_files[] = {
	{ "住民基本台帳ファイル", "mayor", "市民課",
	  "住民基本台帳法に基づく住民の居住関係の公証、選挙人名簿の登録その他の住民に関する事務の処理",
	  "氏名、生年月日、性別、世帯主との続柄、住所、住民となった年月日、本籍、個人番号",
	  "市内に住所を有する者", "本人からの届出、他の市区町村からの通知", "国、他の地方公共団体", 0, "約24万人",
	  "住民基本台帳法" },
	{ "市民税課税台帳ファイル", "mayor", "市民税課",
	  "個人市民税の賦課及び徴収", "氏名、住所、生年月日、所得の状況、控除の状況、税額",
	  "市民税の納税義務者", "本人からの申告、給与支払報告書、国税庁からの通知", "", 0, "約15万人",
	  "地方税法" },
	{ "固定資産課税台帳ファイル", "mayor", "資産税課",
	  "固定資産税の賦課", "所有者の氏名、住所、資産の所在及び評価額",
	  "市内に固定資産を所有する者", "登記所からの通知、本人からの申告", "", 0, "約11万人",
	  "地方税法" },
	{ "国民健康保険被保険者ファイル", "mayor", "国民健康保険課",
	  "国民健康保険の資格管理及び保険給付", "氏名、生年月日、住所、被保険者番号、給付の記録、所得の状況",
	  "国民健康保険の被保険者", "本人からの届出、医療機関からの請求", "国民健康保険団体連合会", 1, "約5万人",
	  "国民健康保険法" },
	{ "介護保険被保険者ファイル", "mayor", "介護保険課",
	  "介護保険の資格管理、要介護認定及び保険給付", "氏名、生年月日、住所、要介護状態区分、心身の状況",
	  "介護保険の被保険者", "本人からの申請、主治医意見書", "国民健康保険団体連合会", 1, "約7万人",
	  "介護保険法" },
	{ "児童手当受給者ファイル", "mayor", "子育て支援課",
	  "児童手当の認定及び支給", "受給者の氏名、住所、口座情報、児童の氏名及び生年月日、所得の状況",
	  "児童手当の受給者及びその児童", "本人からの申請", "", 0, "約2万人", "児童手当法" },
	{ "生活保護ファイル", "mayor", "生活福祉課",
	  "生活保護の決定及び実施", "氏名、住所、世帯の状況、収入及び資産の状況、心身の状況",
	  "生活保護の申請者及び被保護者", "本人からの申請、関係機関への調査", "", 1, "約3千人", "生活保護法" },
	{ "障害者手帳交付ファイル", "mayor", "障がい福祉課",
	  "身体障害者手帳等の交付及び障害福祉サービスの提供", "氏名、住所、生年月日、障害の程度、医師の診断",
	  "手帳の交付を受けた者", "本人からの申請、医師の診断書", "", 1, "約1万人", "身体障害者福祉法" },
	{ "健康診査受診者ファイル", "mayor", "健康増進課",
	  "がん検診その他の健康診査の実施及び結果の通知", "氏名、住所、生年月日、受診日、検査結果",
	  "健康診査を受けた者", "本人からの申込み、検診機関からの報告", "", 1, "約4万人", "健康増進法" },
	{ "予防接種記録ファイル", "mayor", "健康増進課",
	  "定期予防接種の実施、記録及び接種勧奨", "氏名、生年月日、住所、接種日、ワクチンの種類、ロット番号",
	  "予防接種の対象者", "医療機関からの報告、本人からの届出", "", 1, "約6万人", "予防接種法" },
	{ "市営住宅入居者ファイル", "mayor", "住宅課",
	  "市営住宅の入居者の管理及び家賃の決定", "氏名、住所、世帯構成、収入の状況",
	  "市営住宅の入居者及び申込者", "本人からの申込み", "", 0, "約3千人", "公営住宅法" },
	{ "保育所入所児童ファイル", "mayor", "保育課",
	  "保育所等の利用調整及び保育料の決定", "児童の氏名、生年月日、保護者の氏名、就労の状況、所得の状況",
	  "保育所等の利用を申し込んだ児童及び保護者", "保護者からの申込み", "保育所等", 0, "約5千人",
	  "子ども・子育て支援法" },
	{ "ひとり親家庭医療費助成ファイル", "mayor", "子育て支援課",
	  "ひとり親家庭の医療費の助成", "氏名、住所、生年月日、健康保険の記号番号、医療機関名、助成額",
	  "助成を受けるひとり親家庭の親及び児童", "本人からの申請、医療機関からの請求", "", 1, "約2千人",
	  "ひとり親家庭等医療費助成条例" },
	{ "軽自動車税課税ファイル", "mayor", "市民税課",
	  "軽自動車税の賦課及び徴収", "所有者の氏名、住所、車両番号、車種、税額",
	  "市内に軽自動車等の定置場を有する者", "本人からの申告、軽自動車検査協会からの通知", "", 0, "約6万人",
	  "地方税法" },
	{ "市税滞納整理ファイル", "mayor", "納税課",
	  "市税の滞納処分及び納税の相談", "氏名、住所、滞納額、財産の状況、交渉の記録",
	  "市税を滞納している者", "課税資料、金融機関への照会", "", 0, "約8千人", "国税徴収法" },
	{ "犬の登録ファイル", "mayor", "環境保全課",
	  "犬の登録及び狂犬病予防注射の管理", "所有者の氏名、住所、電話番号、犬の名前、犬種、注射日",
	  "犬の所有者", "本人からの届出、動物病院からの報告", "", 0, "約1万5千人", "狂犬病予防法" },
	{ "ごみ収集申込者ファイル", "mayor", "清掃事業課",
	  "粗大ごみの戸別収集の受付及び手数料の徴収", "氏名、住所、電話番号、品目、収集日",
	  "粗大ごみの収集を申し込んだ者", "本人からの申込み", "収集運搬業者", 0, "約2万人",
	  "廃棄物の処理及び清掃に関する法律" },
	{ "水道使用者ファイル", "mayor", "上下水道お客さまセンター",
	  "水道料金及び下水道使用料の算定及び徴収", "氏名、住所、使用水量、料金、口座情報",
	  "水道の使用者", "本人からの申込み、検針", "", 0, "約10万人", "水道法" },
	{ "市民相談記録ファイル", "mayor", "市民相談課",
	  "市民からの相談の受付及び対応の記録", "氏名、住所、電話番号、相談の内容、対応の経過",
	  "市民相談を利用した者", "本人からの相談", "", 1, "約2千人", "" },
	{ "旅券（パスポート）交付ファイル", "mayor", "市民課",
	  "一般旅券の発給申請の受付及び交付", "氏名、生年月日、本籍、住所、電話番号、旅券番号、顔写真",
	  "旅券の発給を申請した者", "本人からの申請", "都道府県", 0, "約4千人", "旅券法" },
	{ "職員採用試験受験者ファイル", "mayor", "職員課",
	  "職員採用試験の実施及び合否の決定", "氏名、生年月日、住所、学歴、職歴、試験の成績",
	  "職員採用試験の受験者", "本人からの申込み", "", 0, "約1千人", "地方公務員法" },
	{ "奨学金貸与者ファイル", "board_of_education", "教育総務課",
	  "奨学金の貸与及び返還の管理", "氏名、住所、在学校、連帯保証人の氏名、返還の状況、口座情報",
	  "奨学金の貸与を受けた者及び連帯保証人", "本人からの申請", "", 0, "約1千人", "奨学金条例" },
	{ "児童生徒学籍ファイル", "board_of_education", "学校教育課",
	  "市立小中学校の児童生徒の学籍の管理", "氏名、生年月日、住所、保護者の氏名、在籍校、学年",
	  "市立小中学校の児童生徒及び保護者", "住民基本台帳、保護者からの届出", "", 0, "約1万8千人",
	  "学校教育法" },
	{ "就学援助ファイル", "board_of_education", "学校教育課",
	  "就学援助費の認定及び支給", "保護者の氏名、住所、所得の状況、口座情報",
	  "就学援助の申請者", "保護者からの申請", "", 0, "約2千人", "学校教育法" },
	{ "図書館利用者ファイル", "board_of_education", "中央図書館",
	  "図書館資料の貸出し及び予約の管理", "氏名、住所、電話番号、生年月日、利用者番号、貸出中の資料",
	  "図書館の利用登録をした者", "本人からの申込み", "", 0, "約5万人", "図書館法" },
	{ "公民館講座受講者ファイル", "board_of_education", "生涯学習課",
	  "公民館講座の受付及び受講者への連絡", "氏名、住所、電話番号、受講講座",
	  "公民館講座の受講者", "本人からの申込み", "", 0, "約3千人", "社会教育法" },
	{ "選挙人名簿ファイル", "election_board", "選挙管理委員会事務局",
	  "選挙人名簿の調製及び選挙の執行", "氏名、住所、生年月日、性別",
	  "選挙人名簿に登録された者", "住民基本台帳", "", 0, "約20万人", "公職選挙法" },
	{ "農地台帳ファイル", "agriculture", "農業委員会事務局",
	  "農地の権利移動の許可及び農地台帳の整備", "所有者及び耕作者の氏名、住所、農地の所在、面積",
	  "市内の農地の所有者及び耕作者", "本人からの申請、登記所からの通知", "", 0, "約6千人", "農地法" },
	{ "監査請求人ファイル", "audit", "監査委員事務局",
	  "住民監査請求の受付及び監査の実施", "氏名、住所、電話番号、請求の内容",
	  "住民監査請求をした者", "本人からの請求", "", 0, "約50人", "地方自治法" },
};

#define DEMO_FILES (sizeof demo_files / sizeof demo_files[0])

static const char *const demo_districts[] = {
	"中央", "北部", "南部", "東部", "西部", "本町", "桜町", "緑町", "旭町",
	"栄町", "若葉", "城北", "城南", "駅前", "山手", "川西", "川東", "新田",
	"高砂", "松原", "青葉", "泉", "宮町", "春日", "大野", "石川", "小松",
	"清水", "富士見", "朝日", "大町", "千代田", "光", "平和", "中島", "白山",
	"五十嵐", "八幡", "三好", "長谷",
};
static const char *const demo_years[] = {
	"平成20年度", "平成21年度", "平成22年度", "平成23年度", "平成24年度",
	"平成25年度", "平成26年度", "平成27年度", "平成28年度", "平成29年度",
	"平成30年度", "令和元年度", "令和2年度", "令和3年度", "令和4年度",
	"令和5年度", "令和6年度", "令和7年度",
};
static const char *const demo_kinds[] = {
	"", "申請受付簿", "交付記録", "名簿", "通知発送記録", "相談記録",
};
static const char *const demo_forms[] = { "紙", "電子", "紙・電子" };
static const char *const demo_outsourcing[] = {
	"無", "有（システムの運用保守）", "有（通知書の印刷及び封入）",
	"有（窓口業務の一部）",
};

#define NV(a) (sizeof(a) / sizeof(a)[0])

static const char *demo_name(struct arena *a, const struct demo_file *f,
                             long v)
{
	if (v == 0)
		return f->name;
	/* "住民基本台帳ファイル" → stem "住民基本台帳" for the variations. */
	const char *stem = f->name;
	size_t len = strlen(stem), suffix = strlen("ファイル");
	if (len > suffix && strcmp(stem + len - suffix, "ファイル") == 0)
		len -= suffix;
	long district = v % (long)NV(demo_districts);
	long year = (v / (long)NV(demo_districts)) % (long)NV(demo_years);
	long kind = (v / (long)(NV(demo_districts) * NV(demo_years))) % (long)NV(demo_kinds);
	long round = v / (long)(NV(demo_districts) * NV(demo_years) * NV(demo_kinds));
	return arena_printf(a, "%s地区%.*s%s（%s）%s", demo_districts[district],
	                    (int)len, stem, demo_kinds[kind], demo_years[year],
	                    round ? arena_printf(a, "その%ld", round + 1) : "");
}

static const char *demo_date(struct arena *a, long v)
{
	return arena_printf(a, "%04ld-%02ld-01", 2008 + v % 18, 1 + v % 12);
}

/* The values of demo entry number i (its variation v of file f). */
static void demo_values(struct arena *a, const struct demo_opts *o, long i,
                        const char *v[REG__NFIELDS])
{
	const struct demo_file *f = &demo_files[(size_t)i % DEMO_FILES];
	long k = i / (long)DEMO_FILES;
	const char *district = demo_districts[k % (long)NV(demo_districts)];
	for (int j = 0; j < REG__NFIELDS; j++)
		v[j] = "";
	v[REG_NAME] = demo_name(a, f, k);
	v[REG_AGENCY] = f->agency;
	v[REG_DEPARTMENT] = k % 7 == 6 ? arena_printf(a, "%s支所", district)
	                               : f->department;
	v[REG_PURPOSE] = k ? arena_printf(a, "%s（%s地区）", f->purpose, district)
	                   : f->purpose;
	v[REG_ITEMS] = f->items;
	v[REG_SCOPE] = f->range;
	v[REG_COLLECTION] = f->collection;
	v[REG_SENSITIVE] = f->sensitive ? "1" : "0";
	v[REG_RECIPIENTS] = f->recipients;
	v[REG_REQUEST_OFFICE] = o->office;
	v[REG_FILE_TYPE] = k % 5 == 4 ? "manual" : "electronic";
	v[REG_PERSONS] = f->count;
	v[REG_BASIS] = f->basis;
	v[REG_OUTSIDE_USE] = f->recipients[0]
	                         ? arena_printf(a, "有（%sへの提供）", f->recipients)
	                         : "無";
	v[REG_OUTSOURCING] = demo_outsourcing[k % (long)NV(demo_outsourcing)];
	v[REG_RECORD_FORM] = demo_forms[k % (long)NV(demo_forms)];
	v[REG_MANAGER] = arena_printf(a, "%s長", v[REG_DEPARTMENT]);
	v[REG_START_DATE] = demo_date(a, k);
	v[REG_UNIT] = v[REG_DEPARTMENT];
	v[REG_REF] = arena_printf(a, "%02zu-%05ld", (size_t)i % DEMO_FILES + 1, k + 1);
}

int demo_register(struct db *db, const struct demo_opts *o, long n)
{
	struct arena *a = arena_new();
	int rc = 0;
	for (long i = 0; i < n && rc == 0; i++) {
		const char *v[REG__NFIELDS];
		demo_values(a, o, i, v);
		if (!o->has_agency(o->ctx, v[REG_AGENCY]))
			v[REG_AGENCY] = "mayor";
		rc = reg_insert(db, a, 0, v, o->today, NULL);
		arena_reset(a);
	}
	arena_free(a);
	return rc;
}

static const char sql_agency[] =
    "INSERT INTO agency (id, name, name_en, head) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (id) DO UPDATE SET name = ?2, name_en = ?3, head = ?4";
static const char sql_staff[] =
    "INSERT INTO staff (login, name, role, password_hash, created_at) "
    "VALUES ('admin', '管理者', 'admin', ?1, ?2) ON CONFLICT DO NOTHING";
static const char sql_has_agency[] = "SELECT 1 FROM agency WHERE id = ?1";

int demo_agencies(struct app *app)
{
	HDF *list = hdf_get_obj(app->cfg, "City.Agency");
	for (HDF *a = list ? hdf_obj_child(list) : NULL; a; a = hdf_obj_next(a)) {
		struct db_stmt *st = db_stmt(app->db, sql_agency);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, hdf_obj_name(a));
		db_bind_text(st, 2, hdf_get_value(a, "Name", hdf_obj_name(a)));
		db_bind_text(st, 3, hdf_get_value(a, "NameEn", ""));
		db_bind_text(st, 4, hdf_get_value(a, "Head", ""));
		if (db_step_done(app->db, st, NULL) != 0)
			return -1;
	}
	return 0;
}

static bool agency_exists(void *ctx, const char *id)
{
	struct app *app = ctx;
	struct db_stmt *st = db_stmt(app->db, sql_has_agency);
	if (st == NULL)
		return false;
	db_bind_text(st, 1, id);
	bool found = db_step_row(st);
	return found;
}

static int seed_register(struct app *app, long n, struct arena *a)
{
	char today[11];
	cal_format(cal_today(), today);
	struct demo_opts o = {
		.office = arena_printf(a, "%s（%s）",
		                       hdf_get_value(app->cfg, "City.Office.Name", ""),
		                       hdf_get_value(app->cfg, "City.Office.Address", "")),
		.today = today,
		.has_agency = agency_exists,
		.ctx = app,
	};
	if (!agency_exists(app, "mayor"))
		return n ? -1 : 0;
	return demo_register(app->db, &o, n);
}

static int seed_staff(struct app *app, struct arena *a)
{
	char hash[crypto_pwhash_STRBYTES], stamp[32];
	const char *password = token_random(a, 12);
	if (staff_hash_password(password, hash) != 0)
		return -1;
	log_stamp(time(NULL), stamp);
	struct db_stmt *st = db_stmt(app->db, sql_staff);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, stamp);
	if (db_step_done(app->db, st, NULL) != 0)
		return -1;
	if (db_changes(app->db) == 1) {
		/* The demo admin signs in as a real one must (Kaiji.Desk.TotpRoles
		 * defaults to admin): enrolled here, its secret printed with the
		 * password for the webmaster's authenticator app. */
		struct totp_enrolment e;
		if (totp_enrol(app->db, a, "admin",
		               hdf_get_value(app->cfg, "City.Name", "kaiji"), &e) != 0)
			return -1;
		printf("staff login: admin / %s\n", password);
		printf("staff two-step sign-in (TOTP) for admin: add %s to an "
		       "authenticator app, or type the key %s\n", e.uri, e.secret_b32);
		printf("staff recovery codes for admin (each works once instead of "
		       "the app's code):");
		for (int i = 0; i < TOTP_RECOVERY_CODES; i++)
			printf(" %s", e.recovery[i]);
		printf("\n");
	} else
		printf("staff login: admin (already set up; password unchanged)\n");
	return 0;
}

struct seed_args {
	long entries;
	bool cases;
};

static int parse_args(int argc, char **argv, struct seed_args *out)
{
	out->entries = (long)DEMO_FILES;
	out->cases = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cases") == 0) {
			out->cases = true;
			continue;
		}
		if (strcmp(argv[i], "--register") != 0 || i + 1 >= argc)
			return -1;
		char *end;
		errno = 0;
		out->entries = strtol(argv[++i], &end, 10);
		if (errno || *end || out->entries < 0 || out->entries > 10000000)
			return -1;
	}
	return 0;
}

int cmd_seed_demo(struct app *app, int argc, char **argv)
{
	struct seed_args args;
	if (parse_args(argc, argv, &args) != 0) {
		fputs("usage: kaijictl seed-demo [--register N] [--cases]\n", stderr);
		return 2;
	}
	struct arena *a = arena_new();
	int rc = db_begin(app->db);
	if (rc == 0)
		rc = demo_agencies(app);
	if (rc == 0)
		rc = seed_register(app, args.entries, a);
	if (rc == 0)
		rc = seed_staff(app, a);
	if (rc == 0 && args.cases)
		rc = demo_cases_seed(app, a, stdout);
	if (rc == 0)
		rc = db_commit(app->db);
	if (rc != 0) {
		if (db_failed(app->db))
			fprintf(stderr, "kaijictl seed-demo: %s\n",
			        db_errmsg(app->db));
		db_rollback(app->db);
	} else {
		printf("demo data: %ld register entries\n", args.entries);
	}
	arena_free(a);
	return rc ? 1 : 0;
}
