/* GET /kaiji/register/ID: one entry with the fields the city's register
 * shows (the profile's City.Register.Fields, in its order), its history
 * of 届出 / 変更 / 廃止, and the way to ask for one's own information in
 * the file (開示請求, 法76). */
#include "register-pages.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"
#include "view.h"

static const char *value_text(struct req *req, int f, const char *v)
{
	switch (reg_fields[f].type) {
	case REG_T_BOOL:
		return view_string(req, strcmp(v, "1") == 0 ? "L.Register.Yes"
		                                            : "L.Register.No");
	case REG_T_FILE_TYPE:
		return view_string(req, strcmp(v, "manual") == 0
		                            ? "L.Register.FileManual"
		                            : "L.Register.FileElectronic");
	case REG_T_DATE:
		return register_date(req, v);
	default:
		return v;
	}
}

/* The fields the profile shows, in its order (the name aside), and each
 * one's label key: the same for every request of the process, found once.
 * The keys live as long as the process, so view_word may keep them by
 * their address. */
struct shown {
	size_t n;
	int field[REG__NFIELDS];
	char label[REG__NFIELDS][48];
};

static const struct shown *shown_of(const struct profile_register *r)
{
	static struct shown s;
	static const struct profile_register *made_for;
	if (made_for == r)
		return &s;
	s.n = 0;
	for (size_t i = 0; i < r->n_fields && s.n < REG__NFIELDS; i++) {
		int f = reg_field_find(r->fields[i]);
		if (f < 0 || f == REG_NAME)
			continue;
		snprintf(s.label[s.n], sizeof s.label[s.n], "L.Register.F.%s",
		         reg_fields[f].label);
		s.field[s.n++] = f;
	}
	made_for = r;
	return &s;
}

/* The profile's name of the agency, or the agency table's (reg_get_shown
 * reads none); NULL on a database error. */
static const char *agency_text(struct req *req, const char *id)
{
	const char *name = register_agency_name(req, id, NULL);
	return name ? name : reg_agency_name(req->app->db, req->arena, id);
}

/* Fields.N: the value as the node's own, its label under it. 0, or -1
 * on a database error. */
static int fields_set(struct req *req, const struct reg_entry *e)
{
	const struct shown *s = shown_of(&req->app->profile.reg);
	HDF *list = s->n ? view_node(req, "Fields") : NULL;
	for (size_t i = 0; i < s->n; i++) {
		int f = s->field[i];
		const char *v = f == REG_AGENCY ? agency_text(req, e->v[f])
		                                : value_text(req, f, e->v[f]);
		if (v == NULL)
			return -1;
		HDF *p = view_child(list, i);
		view_node_set(p, "", v);
		view_node_set(p, "Label", view_word(req, s->label[i]));
	}
	return 0;
}

static void history_set(struct req *req, long long id)
{
	struct reg_history *h;
	long n = reg_history(req->app->db, req->arena, id, &h);
	HDF *list = n > 0 ? view_node(req, "History") : NULL;
	for (long i = 0; i < n; i++) {
		HDF *p = view_child(list, (size_t)i);
		view_node_set(p, "Date", register_date(req, h[i].on_date));
		view_node_set(p, "DateIso", h[i].on_date);
		view_node_set(p, "ChangeText",
		              register_string(req, "L.Register.Change.", h[i].change));
		view_node_set(p, "Note", h[i].note);
	}
}

int register_detail(struct req *req)
{
	const char *arg = req->route_arg[0];
	char *end;
	errno = 0;
	long long id = strtoll(arg, &end, 10);
	if (*arg < '1' || *arg > '9' || errno || *end || id < 1)
		return 404;
	if (reg_read_begin(req->app->db) != 0)
		return 500;
	struct reg_entry e;
	int rc = reg_get_shown(req->app->db, req->arena, id, &e);
	if (rc != 0)
		return rc < 0 ? 500 : 404;
	int fresh = register_cache(req, "register-detail", NULL);
	if (fresh != 0)
		return fresh < 0 ? 500 : 0;
	const struct profile_register *r = &req->app->profile.reg;
	bool en = strcmp(req->lang, "en") == 0;
	view_set(req, "Register.Name", en && r->name_en ? r->name_en : r->name);
	view_setf(req, "Entry.Id", "%lld", e.id);
	view_set(req, "Entry.Name", e.v[REG_NAME]);
	if (e.abolished_on[0])
		view_set(req, "Entry.Abolished", register_date(req, e.abolished_on));
	if (fields_set(req, &e) != 0)
		return 500;
	history_set(req, id);
	/* 一覧に戻る returns to the search the entry was opened from, at its
	 * results (issue 23 item 21). */
	view_set(req, "Back.Query", register_back(req));
	/* 開示を請求する opens the disclosure form itself, pre-filled from the
	 * entry, where the city takes disclosure requests online. */
	const struct profile *p = &req->app->profile;
	const struct kind_rules *k = profile_kind(p, KIND_DISCLOSURE);
	if (p->channel.online && k && k->enabled)
		view_set(req, "Entry.Direct", "1");
	return view_render(req, "register-detail");
}
