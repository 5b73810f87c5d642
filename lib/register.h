/* The register of personal-information files: 個人情報ファイル簿 (法75,
 * 令20) or an ordinance's 個人情報取扱事務登録簿 (法75⑤). Entries, their
 * history (届出 / 変更 / 廃止), browsing, Japanese full-text search, and the
 * checks shared by the desk, the CSV import and the exports.
 *
 * Text is searched NFKC-normalised and case-folded (utf8proc) with katakana
 * folded to hiragana, so 全角 and 半角 letters, digits and kana match each
 * other (ｶｲｺﾞ, カイゴ, かいご). The stored index is SQLite FTS5 with the
 * trigram tokenizer, kept in step with the entries in the same
 * transaction; each process searches an index in memory built from it
 * whenever the register's version changes (lib/register-index.c, issue
 * 20), and the trigram search stays for the comparison and with the
 * index off. Every result lives in the caller's arena. */
#ifndef KAIJI_REGISTER_H
#define KAIJI_REGISTER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "db.h"

/* The fields of an entry, in the order of the exports. */
enum reg_field_id {
	REG_NAME,             /* 個人情報ファイルの名称 / 事務の名称 (74①一) */
	REG_AGENCY,           /* 行政機関等 (実施機関) id (74①二) */
	REG_DEPARTMENT,       /* 事務をつかさどる組織 (74①二) */
	REG_PURPOSE,          /* 利用目的 (74①三) */
	REG_ITEMS,            /* 記録項目 (74①四) */
	REG_SCOPE,            /* 記録範囲 (74①四) */
	REG_COLLECTION,       /* 収集方法 (74①五) */
	REG_SENSITIVE,        /* 要配慮個人情報を含む (74①六) */
	REG_SENSITIVE_LOCAL,  /* 条例要配慮個人情報を含む (75④) */
	REG_RECIPIENTS,       /* 経常的提供先 (74①七) */
	REG_REQUEST_OFFICE,   /* 開示請求等を受理する組織の名称及び所在地 (74①九) */
	REG_SPECIAL,          /* 訂正・利用停止の他法令による特別の手続 (74①十) */
	REG_FILE_TYPE,        /* 電算処理 / マニュアル処理 (法60②, 令20⑥一) */
	REG_MANUAL_COPY,      /* 同じ記録情報のマニュアル処理ファイル (令20⑥二) */
	REG_PERSONS,          /* 記録される本人の数 (おおよそ) */
	REG_ANON,             /* 匿名加工情報の提案を募集する旨 (令20⑥) */
	REG_ANON_OFFICE,      /* 提案を受ける組織の名称及び所在地 (令20⑥) */
	REG_ANON_SUMMARY,     /* 作成された匿名加工情報の概要 (令20⑥) */
	REG_ANON_PERIOD,      /* 提案をすることができる期間 (令20⑥) */
	REG_REMARKS,          /* 備考 */
	REG_BASIS,            /* 根拠法令 (ordinance registers) */
	REG_OUTSIDE_USE,      /* 目的外利用・外部提供の状況 */
	REG_OUTSOURCING,      /* 外部委託の有無 */
	REG_RECORD_FORM,      /* 記録形態 (紙 / 電子) */
	REG_MANAGER,          /* 管理責任者 */
	REG_START_DATE,       /* 事務開始年月日 */
	REG_UNIT,             /* 届出の単位 */
	REG_ONLINE_LINK,      /* オンライン結合の有無 */
	REG_REF,              /* 登録番号 */
	REG_READING,          /* 名称の読み (カタカナ): for the search by reading;
	                       * made by MeCab when empty (lib/reading.h) */
	REG__NFIELDS
};

enum reg_type {
	REG_T_LINE,      /* one line */
	REG_T_TEXT,      /* line breaks allowed */
	REG_T_BOOL,      /* 0 or 1 */
	REG_T_DATE,      /* YYYY-MM-DD or empty */
	REG_T_FILE_TYPE, /* electronic | manual */
	REG_T_AGENCY,    /* an agency id of the profile */
};

struct reg_field {
	const char *id;     /* profile field id, CSV header, JSON key */
	const char *column; /* register_entry column */
	const char *label;  /* key under L.Register.F. in the strings */
	enum reg_type type;
	size_t max;         /* characters */
	bool required;
};

extern const struct reg_field reg_fields[REG__NFIELDS];

/* The field for an id ("scope", "basis"…), also the profile's ids; -1. */
int reg_field_find(const char *id);

struct reg_entry {
	long long id;
	const char *v[REG__NFIELDS]; /* never NULL once read; bools "0"/"1" */
	const char *agency_name;
	const char *notified_on; /* first 届出, "" when unknown */
	const char *updated_on;  /* last change */
	const char *abolished_on; /* "" while in force */
	bool name_hit; /* reg_find: the name holds one of the words */
	const struct reg_marks *name_marks; /* reg_find: the name, words marked */
};

struct reg_history {
	const char *on_date;
	const char *change; /* notified | changed | abolished */
	const char *note;
};

enum reg_sort { REG_SORT_NAME, REG_SORT_UPDATED };

struct reg_filter {
	const char *agency;     /* agency id, or NULL / "" for all */
	const char *department; /* exact, or NULL / "" */
	bool abolished;         /* include abolished entries */
	enum reg_sort sort;
};

struct reg_page {
	struct reg_entry *entries;
	size_t n;
	long total;        /* matching entries over all pages */
	const char **terms; /* the normalised search terms (search only) */
	size_t nterms;
	bool too_common;   /* a one- or two-character word matched too much */
};

/* Longest search query in characters. */
#define REG_QUERY_MAX 100
/* Entries per page of the list and of search results. */
#define REG_PAGE_SIZE 20

/* NFKC with case folding and without default-ignorable characters, and
 * katakana folded to hiragana, as the index holds text; NULL for invalid
 * UTF-8. */
char *reg_normalize(struct arena *a, const char *s);
/* Katakana to hiragana in place, the last step of reg_normalize: the
 * length and every offset stay. */
void reg_fold_kana(char *s, size_t len);

/* Browse: page (from 1) of the entries the filter selects, each with its
 * name, agency, department and dates only (the other fields ""). 0 or -1. */
int reg_list(struct db *db, struct arena *a, const struct reg_filter *f,
             long page, struct reg_page *out);

/* Everyday words (the profile's City.Register.Synonyms): each line is a
 * word and the words it also finds, separated by spaces ("認定調査
 * 介護保険"); a query word equal to the first (after reg_normalize) finds
 * the entries with it or with any of the others, which are marked too.
 * Kept per process until the next call; 0, or -1 when a line is not
 * UTF-8. */
int reg_synonyms_set(const char *const *lines, size_t n);

/* Search every text field for all the words of query (split on spaces;
 * each word a substring, whatever its length: FTS operators and quotes
 * are plain characters); an entry of the page whose name holds none of
 * the words (out->terms, reg_normalize'd) has every field, but
 * notified_on "" (the search page does not show it), for the excerpt of
 * where they were found; one whose name holds one has reg_list's fields
 * (the page shows the name and no excerpt). An empty query
 * finds nothing (out->total 0, out->nterms 0). 0, or -1 on a database
 * error. Not reg_search: ClearSilver's neo_str.h has one. */
int reg_find(struct db *db, struct arena *a, const char *query,
               const struct reg_filter *f, long page, struct reg_page *out);

/* Every entry the query (NULL or "": all) and the filter select, in the
 * filter's order, one at a time: fn returns non-zero to stop. The entry
 * lives until fn returns. 0 or -1. */
typedef int (*reg_each_fn)(void *ctx, const struct reg_entry *e);
int reg_each(struct db *db, struct arena *a, const char *query,
             const struct reg_filter *f, reg_each_fn fn, void *ctx);

/* 0 found, 1 no such entry, -1 error. Abolished entries are found too. */
int reg_get(struct db *db, struct arena *a, long long id,
            struct reg_entry *out);
/* reg_get with notified_on and agency_name "", for the entry's page,
 * which shows the history instead of the one and names the agency from
 * the profile: the entry's row alone. */
int reg_get_shown(struct db *db, struct arena *a, long long id,
                  struct reg_entry *out);
/* The agency table's name of an agency id, what reg_get's agency_name
 * holds: "" when there is none, NULL on a database error. */
const char *reg_agency_name(struct db *db, struct arena *a, const char *agency);
/* The entry's history, oldest first: count, or -1. */
long reg_history(struct db *db, struct arena *a, long long id,
                 struct reg_history **out);

/* One read transaction for the rest of the request: a page's reads see
 * one state of the register and lock the file once (the FastCGI loop's
 * db_reset_all ends it). 0 or -1. */
int reg_read_begin(struct db *db);

/* Departments of the entries in force, of one agency or all, sorted
 * bytewise: count, or -1. */
long reg_departments(struct db *db, struct arena *a, const char *agency,
                     const char ***out);
/* Changes with every committed write to the register: for ETags and the
 * caches in memory. Once a db_begin transaction however many entries it
 * writes (an import, seed-demo), in the same commit as they, so no reader
 * sees new entries under an old version; read inside that transaction,
 * the next write there moves it again. -1 on error. */
long long reg_version(struct db *db);

/* Text with the terms marked: segments of the original text, each a hit or
 * not, matched on normalised text so 全角/半角 variants are marked too. */
struct reg_segment {
	const char *text;
	bool hit;
};
size_t reg_highlight(struct arena *a, const char *text, const char **terms,
                     size_t nterms, struct reg_segment **out);
/* The same in two steps, so that whether a text holds one of the terms
 * and which of its units are marked come from one normalisation (the
 * search's names: reg_find asks the first, the page the second). norm is
 * the text normalised unit by unit: reg_normalize's bytes for UTF-8
 * (test-register-index compares them), a byte that is not dropped. */
struct reg_unit;
struct reg_marks {
	const char *text;
	const char *norm;
	struct reg_unit *u;
	size_t n;
	bool any; /* some unit is marked: the text holds a term */
};
const struct reg_marks *reg_marks_of(struct arena *a, const char *text,
                                     const char **terms, size_t nterms);
size_t reg_marks_segments(struct arena *a, const struct reg_marks *m,
                          struct reg_segment **out);
/* A piece of text of about width characters around its first hit (the
 * start when there is none); *cut_before / *cut_after say whether text
 * was left out. */
const char *reg_excerpt(struct arena *a, const char *text, const char **terms,
                        size_t nterms, size_t width, bool *cut_before,
                        bool *cut_after);

/* ---- writing (desk, kaijictl, import) ---- */

/* The agencies an entry may name: ids and names (from the profile). */
struct reg_agencies {
	const char *const *ids;
	const char *const *names;
	size_t n;
};

/* Check one entry's values (v[i] NULL or "" = empty). Returns the number
 * of problems; for each, calls bad(ctx, field, message-key). Message keys
 * are under L.Register.Error: Required, TooLong, Invalid, Agency, Bool,
 * Date, FileType. Also normalises the values in place: bools to "0"/"1"
 * (有/無, はい/いいえ, true/false, yes/no, 1/0 accepted), line fields
 * trimmed. */
typedef void (*reg_bad_fn)(void *ctx, int field, const char *key);
int reg_check(struct arena *a, const struct reg_agencies *ag,
              const char *v[REG__NFIELDS], reg_bad_fn bad, void *ctx);

/* Inside a transaction the caller holds (db_begin): the entry with its
 * history row. id 0: a new id. on: the date of the 届出 / 変更 / 廃止.
 * An empty reading is made from the name (reading_of); reg_update keeps
 * the stored reading instead while the name stays, and makes a new one
 * when the name changes and the reading given is the stored one. */
int reg_insert(struct db *db, struct arena *a, long long id,
               const char *const v[REG__NFIELDS], const char *on,
               long long *new_id);
/* Returns 0 changed, 1 nothing differed (no history row), 2 no such
 * entry, -1 error. */
int reg_update(struct db *db, struct arena *a, long long id,
               const char *const v[REG__NFIELDS], const char *on,
               const char *note);
/* 0, 1 already abolished, 2 no such entry, -1 error. */
int reg_abolish(struct db *db, long long id, const char *on, const char *note);

/* Each in its own transaction: for the desk and kaijictl. */
int reg_add(struct db *db, struct arena *a, const char *const v[REG__NFIELDS],
            const char *on, long long *new_id);
int reg_change(struct db *db, struct arena *a, long long id,
               const char *const v[REG__NFIELDS], const char *on,
               const char *note);
int reg_abolish_now(struct db *db, long long id, const char *on,
                    const char *note);

/* The connection of a process that searches (the register program, the
 * benchmark): no mapping of the database, whose rows only a build of the
 * register's file reads all of (lib/register-store.h). 0 or -1. */
int reg_tune(struct db *db);

/* The directory where the register's keys and search index are kept, one
 * file per version that every process maps (lib/register-store.h);
 * NULL: built in each process's memory. */
void reg_cache_dir(const char *dir);
/* Removes the register's files from dir: a restored database may reach
 * again a version number whose file holds other entries. */
void reg_cache_clear(const char *dir);

/* Rebuild the index from the entries when it is out of step (a database
 * made before the index existed, or before the kana fold), first giving
 * every entry without a reading one (when MeCab is there). Returns
 * entries indexed, or -1. */
long reg_reindex(struct db *db, bool force);

#endif
