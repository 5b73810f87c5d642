/* Marks in the city profiles (lib/profile.h): every value the seed page
 * does not state carries [law="article"], [offer="…"] or [confirm="…"];
 * profile_load refuses a wrong mark, and kaijictl check-config --explain
 * (tools/cmd-explain.c) lists them. Run from the top of the tree, or set
 * KAIJI_CITIES to the profiles' directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-explain.h"
#include "profile.h"
#include "tap.h"

static HDF *
read_city(const char *id)
{
	const char *dir = getenv("KAIJI_CITIES");
	char path[512];
	HDF *h = NULL;
	NEOERR *e;

	snprintf(path, sizeof(path), "%s/%s.hdf", dir ? dir : "conf/cities",
		 id);
	if (hdf_init(&h) != STATUS_OK)
		return NULL;
	e = hdf_read_file(h, path);
	if (e != STATUS_OK) {
		nerr_ignore(&e);
		hdf_destroy(&h);
		printf("# %s: cannot read\n", path);
		return NULL;
	}
	return h;
}

struct found {
	const char *key;
	struct profile_mark m;
	char why[256], sw[128], sv[8];
	bool seen;
};

static void
find_mark(const struct profile_mark *m, void *arg)
{
	struct found *f = arg;

	if (strcmp(m->key, f->key) != 0)
		return;
	f->seen = true;
	f->m = *m;
	snprintf(f->why, sizeof(f->why), "%s", m->why);
	snprintf(f->sw, sizeof(f->sw), "%s", m->switch_key ? m->switch_key : "");
	snprintf(f->sv, sizeof(f->sv), "%s",
		 m->switch_value ? m->switch_value : "");
}

/* The mark of key in city's profile; f->seen false when it has none. */
static struct found
mark_of(const char *city, const char *key)
{
	struct found f = { .key = key };
	char err[256];
	HDF *h = read_city(city);

	if (h != NULL && profile_marks(h, find_mark, &f, err, sizeof(err)) < 0)
		printf("#   %s\n", err);
	hdf_destroy(&h);
	return f;
}

static void
test_online_is_an_offer(void)
{
	/* 山形, 豊田 and 美唄 take no request online on their pages: kaiji's
	 * form is an offer, on where the seed does not forbid it */
	static const struct {
		const char *city, *value;
	} cities[] = { { "yamagata", "1" }, { "toyota", "1" }, { "bibai", "0" } };

	for (size_t i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		struct found f = mark_of(cities[i].city, "City.Channel.Online");
		TAP_OK(f.seen && f.m.kind == MARK_OFFER,
		       "%s: online requests are an offer", cities[i].city);
		TAP_OK(strstr(f.why, "not in the seed") != NULL,
		       "%s: marked \"not in the seed\"", cities[i].city);
		TAP_STREQ(f.sw, "City.Channel.Online",
			  "%s: the key is its own switch", cities[i].city);
		TAP_STREQ(f.sv, cities[i].value, "%s: online is %s",
			  cities[i].city, cities[i].value);
	}
	/* 赤平 and 港区: the page says counter only, and so does the value */
	TAP_OK(!mark_of("akabira", "City.Channel.Online").seen,
	       "akabira: counter only is the seed's rule, not a mark");
	TAP_OK(!mark_of("minato", "City.Channel.Online").seen,
	       "minato: counter only is the seed's rule, not a mark");
}

static void
test_kinds(void)
{
	struct found f = mark_of("yamagata", "City.Kind.disclosure.ExtensionDays");

	TAP_OK(f.seen && f.m.kind == MARK_LAW, "yamagata: extension length is the law's");
	TAP_STREQ(f.why, "法83②", "yamagata: cites 法83②");
	f = mark_of("yamagata", "City.Kind.disclosure.Days");
	TAP_OK(!f.seen, "yamagata: 14 days is the seed's own rule");
	f = mark_of("toyota", "City.Payment.Methods.3");
	TAP_OK(f.seen && f.m.kind == MARK_OFFER && f.m.switch_key == NULL,
	       "toyota: PayPay directly is an offer, removed to turn it off");
	f = mark_of("toyota", "City.Upload.MaxBytes");
	TAP_OK(f.seen && f.m.kind == MARK_CONFIRM, "toyota: upload size to confirm");
	f = mark_of("minato", "City.Fee.Item.mono.AtCost");
	TAP_OK(f.seen && f.m.kind == MARK_LAW && strstr(f.why, "法89②"),
	       "minato: copies at cost under 法89②");
}

static void
test_every_city_loads_and_explains(void)
{
	static const char *const cities[] = { "akabira", "yamagata", "bibai",
					      "toyota", "minato" };

	for (size_t i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		char err[256] = "", *text = NULL;
		size_t len = 0;
		struct profile p;
		HDF *h = read_city(cities[i]);
		FILE *out = open_memstream(&text, &len);
		int rc = h ? profile_load(h, &p, err, sizeof(err)) : -1;

		TAP_INTEQ(rc, 0, "%s: loads with its marks", cities[i]);
		if (rc != 0)
			printf("#   %s\n", err);
		else
			profile_free(&p);
		TAP_INTEQ(h ? explain_profile(h, out, stderr) : -1, 0,
			  "%s: explained", cities[i]);
		fclose(out);
		TAP_OK(text && strstr(text, "# the law's default") &&
		       strstr(text, "law\tCity.Deadline.SpecialCaseDays\t60\t法84\n"),
		       "%s: lists the 法84 default as law TAB key TAB value TAB article",
		       cities[i]);
		TAP_OK(text && strstr(text, "confirm\tCity.Retention.DocumentDays\t"),
		       "%s: lists kaiji's retention to confirm", cities[i]);
		TAP_OK(text && strstr(text, " to confirm\n"), "%s: counts at the end",
		       cities[i]);
		free(text);
		hdf_destroy(&h);
	}
}

/* yamagata with one attribute set on key; profile_load must refuse it. */
static void
bad_mark(const char *key, const char *attr, const char *value,
	 const char *attr2, const char *value2, const char *want)
{
	char err[512] = "";
	struct profile p;
	HDF *h = read_city("yamagata");
	int rc;

	if (h == NULL) {
		TAP_OK(0, "-bad- yamagata read");
		return;
	}
	hdf_set_attr(h, key, attr, value);
	if (attr2 != NULL)
		hdf_set_attr(h, key, attr2, value2);
	rc = profile_load(h, &p, err, sizeof(err));
	if (rc == 0)
		profile_free(&p);
	TAP_INTEQ(rc, -1, "-bad- %s [%s=\"%s\"] refused", key, attr, value);
	TAP_OK(strstr(err, key) != NULL && strstr(err, want) != NULL,
	       "-bad- the message names %s and says %s", key, want);
	if (strstr(err, want) == NULL)
		printf("#   got '%s'\n", err);
	hdf_destroy(&h);
}

static void
test_bad_marks(void)
{
	bad_mark("City.Fee.Item.mono.Yen", "lawful", "法89②", NULL, NULL,
		 "not a mark");
	bad_mark("City.Fee.Item.mono.Yen", "law", "", NULL, NULL, "empty");
	bad_mark("City.Fee.Item.mono.Yen", "law", "common practice", NULL, NULL,
		 "cites no article");
	bad_mark("City.Fee.Item.mono.Yen", "offer", "a guess", NULL, NULL,
		 "names its switch");
	bad_mark("City.Fee.Item.mono.Yen", "offer", "a guess", "switch",
		 "City.Fee.Item.mono.Unit", "not a 0/1 key");
	bad_mark("City.Fee.Item.mono.Yen", "offer", "a guess", "switch",
		 "City.Channel.Nowhere", "not a 0/1 key");
	bad_mark("City.Fee.Item.mono.Yen", "confirm", "x", "switch",
		 "City.Channel.Online", "belongs to an offer");
	bad_mark("City.Fee.Item.mono.Yen", "confirm", "x", "law", "法89②",
		 "one of law, offer or confirm");
	bad_mark("City.Fee.Item.mono", "confirm", "x", NULL, NULL, "not on a node");

	/* an offer on a non-0/1 value with a real switch is fine */
	char err[256] = "";
	HDF *h = read_city("yamagata");
	struct profile p;
	if (h == NULL)
		return;
	hdf_set_attr(h, "City.Fee.Item.mono.Yen", "offer", "not in the seed: x");
	hdf_set_attr(h, "City.Fee.Item.mono.Yen", "switch", "City.Fee.Prepay");
	int rc = profile_load(h, &p, err, sizeof(err));
	TAP_INTEQ(rc, 0, "an offer with a 0/1 switch loads");
	if (rc == 0)
		profile_free(&p);
	else
		printf("#   %s\n", err);
	hdf_destroy(&h);
}

int
main(void)
{
	test_online_is_an_offer();
	test_kinds();
	test_every_city_loads_and_explains();
	test_bad_marks();
	return TAP_DONE();
}
