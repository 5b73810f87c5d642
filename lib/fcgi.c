#include "fcgi.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "client.h"
#include "log.h"
#include "resp.h"
#include "token.h"
#include "view.h"
#include "view-data.h"

#define DRAIN_MAX ((size_t)256 << 20)

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* SIGTERM while idle in accept() ends the loop: no SA_RESTART, so accept
 * returns. While serving, SIGTERM and SIGINT are blocked (one
 * sigprocmask each way, issue 20: not four sigaction calls a request):
 * reading the rest of the body and writing the answer go on, and the
 * signal, delivered when the loop unblocks it after FCGX_Finish_r, ends
 * the loop. (fcgi2's FCGX_ShutdownPending would fail the reads of the
 * request in progress.) */
static sigset_t stop_signals;

static void signals_block(bool serving)
{
	sigprocmask(serving ? SIG_BLOCK : SIG_UNBLOCK, &stop_signals, NULL);
}

static void signals_setup(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sa.sa_flags = 0;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
}

/* A strict Content-Length: digits only, no sign, no overflow. */
static int content_length(const char *s, size_t *out)
{
	size_t v = 0;
	*out = 0;
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static void drain(FCGX_Stream *in)
{
	char scratch[65536];
	size_t total = 0;
	int n;
	while (total < DRAIN_MAX &&
	       (n = FCGX_GetStr(scratch, sizeof scratch, in)) > 0)
		total += (size_t)n;
}

/* Read the body into the arena: 0, 400 or 413. A GET's or HEAD's is
 * drained unread (req_reads_body), so the stream stays in step. */
static int read_body(struct req *req, char **body, size_t *len)
{
	FCGX_Request *fr = req->fcgx;
	size_t want;
	*body = NULL;
	*len = 0;
	if (!req_reads_body(req)) {
		drain(fr->in);
		return 0;
	}
	if (content_length(req_env(req, "CONTENT_LENGTH"), &want) != 0) {
		drain(fr->in);
		return 400;
	}
	if (want > req_body_limit(req)) {
		drain(fr->in);
		return 413;
	}
	char *b = arena_alloc(req->arena, want + 1); /* zeroed: NUL-terminated */
	size_t got = 0;
	while (got < want) {
		int chunk = want - got > 1 << 20 ? 1 << 20 : (int)(want - got);
		int n = FCGX_GetStr(b + got, chunk, fr->in);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != want)
		return 400;
	*body = b;
	*len = want;
	return 0;
}

/* The per-browser cookie that CSRF tokens are bound to. */
static void csrf_setup(struct req *req)
{
	const char *c = req_cookie(req, "kaiji_csrf");
	if (c == NULL || strlen(c) != 43 ||
	    strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	              "0123456789-_") != 43) {
		c = token_random(req->arena, 32);
		resp_cookie(req, "kaiji_csrf", c, 60L * 60 * 24 * 365, true);
	}
	req->csrf_cookie = c;
	view_set(req, "Csrf.Token", token_csrf(req->arena, c));
}

static void page_setup(struct req *req)
{
	const char *q = req_param_raw(req, "lang");
	if (q && strcmp(q, req->lang) == 0)
		resp_cookie(req, "kaiji_lang", req->lang, 60L * 60 * 24 * 365, true);
	struct buf page;
	buf_init(&page, req->arena);
	buf_puts(&page, req->app->base_path);
	buf_puts(&page, req->path);
	view_set(req, "Req.Page", page.data);
	view_set(req, "Req.Lang", req->lang);
	view_set(req, "Req.OtherLang", strcmp(req->lang, "en") == 0 ? "ja" : "en");
	view_set(req, "Req.Program", req->prog->name);
}

/* Kaiji.Desk.Host (issue 16 item 4a): when the desk has a host of its
 * own, it answers nothing asked for under another host name (the city's
 * public origin), so its pages and cookies live on that host alone (our
 * cookies never carry a Domain: they are host-only). The port is not
 * compared. */
static bool host_ok(struct req *req)
{
	if (strcmp(req->prog->name, "desk") != 0)
		return true;
	const char *want = hdf_get_value(req->app->cfg, "Kaiji.Desk.Host", NULL);
	if (want == NULL || *want == '\0')
		return true;
	const char *host = req_env(req, "HTTP_HOST");
	if (host == NULL)
		return false;
	size_t len = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":");
	return strlen(want) == len && strncasecmp(host, want, len) == 0;
}

static int dispatch(struct req *req)
{
	char allow[64];
	if (!host_ok(req))
		return 404;
	int rc = req_begin(req);
	page_setup(req);
	if (rc == 0) {
		rc = req_route(req, req->prog->routes, allow, sizeof allow);
		if (rc == 405)
			resp_header(req, "Allow", allow);
	}
	if (req->route == NULL || !(req->route->flags & ROUTE_PUBLIC))
		csrf_setup(req);
	if (rc)
		return rc;
	char *body;
	size_t len;
	rc = read_body(req, &body, &len);
	if (rc == 0 && (req->route->flags & ROUTE_RAW_BODY)) {
		req->raw_body = body ? body : "";
		req->raw_len = len;
		rc = req_parse(req, NULL, 0);
	} else if (rc == 0) {
		rc = req_parse(req, body, len);
	}
	if (rc)
		return rc;
	if (strcmp(req->method, "POST") == 0 &&
	    !(req->route->flags & ROUTE_NO_CSRF) && !req_csrf_ok(req))
		return 403;
	/* One read transaction for the handler's reads (lib/db.h); a write
	 * ends it and commits as before; the loop's db_reset_all closes it. */
	db_snapshot(req->app->db);
	return req->route->handler(req);
}

/* The path below the base path, or NULL when the URI is not ours. */
static const char *path_below_base(struct req *req, const char *uri)
{
	const char *base = req->app->base_path;
	size_t blen = strlen(base), plen = strcspn(uri, "?");
	if (strncmp(uri, base, blen) != 0 || (uri[blen] != '/' && blen != plen))
		return NULL;
	if (plen == blen)
		return "/";
	return arena_strndup(req->arena, uri + blen, plen - blen);
}

void fcgi_serve(struct app *app, const struct program *prog, void *fcgx,
                struct arena *arena)
{
	FCGX_Request *fr = fcgx;
	struct req req;
	memset(&req, 0, sizeof req);
	req.arena = arena;
	req.app = app;
	req.prog = prog;
	req.fcgx = fr;
	req.envp = fr->envp;
	req.lang = "ja";
	buf_init(&req.headers, arena);
	buf_init(&req.body, arena);
	req.hdf = view_data_open(arena);
	const char *m = req_env(&req, "REQUEST_METHOD");
	const char *uri = req_env(&req, "REQUEST_URI");
	req.method = m ? m : "GET";
	req.query = req_env(&req, "QUERY_STRING");
	req.content_type = req_env(&req, "CONTENT_TYPE");
	req.client = client_key(arena, req_env(&req, "REMOTE_ADDR"),
	                        req_env(&req, "HTTP_X_FORWARDED_FOR"),
	                        hdf_get_value(app->cfg, "Kaiji.TrustedProxies", NULL));
	const char *https = req_env(&req, "HTTPS");
	req.https = https && strcmp(https, "on") == 0;
	req.path = path_below_base(&req, uri ? uri : "");
	resp_defaults(&req);

	int status = req.path ? dispatch(&req) : 404;
	if (req.path == NULL)
		req.path = "/";
	if (status) {
		if (status == 405 || status == 413 || status == 400)
			drain(fr->in);
		resp_error(&req, status);
		log_event(LOG_INFO, "%s %s -> %d", req.method, req.path, status);
	}
	resp_send(&req);
	view_data_close(req.hdf);
}

static int open_socket(const char *path)
{
	if (path == NULL)
		return 0;
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	mode_t old = umask(0117);
	int fd = FCGX_OpenSocket(path, 128);
	umask(old);
	if (fd < 0 || chmod(path, 0660) != 0)
		return -1;
	return fd;
}

static int serve_loop(struct app *app, const struct program *prog, int fd)
{
	FCGX_Request fr;
	struct arena *arena = arena_new();
	if (FCGX_InitRequest(&fr, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_event(LOG_ERR, "cannot set up the FastCGI request");
		arena_free(arena);
		return 1;
	}
	while (!stopping) {
		if (FCGX_Accept_r(&fr) < 0) {
			if (stopping || errno == EINTR)
				continue;
			log_event(LOG_ERR, "accept failed: %s", strerror(errno));
			break;
		}
		signals_block(true);
		fcgi_serve(app, prog, &fr, arena);
		FCGX_Finish_r(&fr);
		signals_block(false);
		/* No malloc_trim here: measured on status after 15,000
		 * requests (bench/RESULTS.md, fifth pass), malloc's heap held
		 * 0.09 MiB free of its 2.4, and malloc_trim(0) gave back 0.1
		 * MiB; one thread, so one arena (M_ARENA_MAX changes nothing).
		 * The malloc settings that do matter are elsewhere: the tcache
		 * size for speed (GLIBC_TUNABLES in tools/stack and the units)
		 * and a trim threshold for the register's one-off build
		 * (lib/register-store.c). The request's memory is the arena's,
		 * reset here. */
		arena_reset(arena);
		db_reset_all(app->db);
	}
	FCGX_Free(&fr, 1);
	arena_free(arena);
	return 0;
}

/* One worker: open everything (never across a fork: SQLite and curl
 * handles belong to the process that made them) and serve fd. */
static int worker(const struct program *prog, const char *config, int fd,
                  bool announce)
{
	struct app app;
	char err[4096];
	if (app_open(&app, prog->name, config, false, err, sizeof err) != 0 ||
	    (prog->init && prog->init(&app, err, sizeof err) != 0)) {
		log_event(LOG_ERR, "cannot start: %s", err);
		return 1;
	}
	if (prog->db_cache_kib > 0 && db_cache_kib(app.db, prog->db_cache_kib) != 0) {
		log_event(LOG_ERR, "cannot start: the page cache's size was refused");
		app_close(&app);
		return 1;
	}
	if (db_version(app.db) != db_schema_version) {
		log_event(LOG_ERR, "cannot start: the database schema is version %d, "
		          "this program needs %d: run kaijictl migrate",
		          db_version(app.db), db_schema_version);
		app_close(&app);
		return 1;
	}
	if (db_checkpoint_in_background(app.db, err, sizeof err) != 0)
		log_event(LOG_WARN, "the WAL's checkpoint stays in the commits: %s",
		          err);
	if (announce)
		log_event(LOG_INFO, "serving");
	int rc = serve_loop(&app, prog, fd);
	app_close(&app);
	return rc;
}

/* -p N: N processes accept on the one socket, so one slow client (an
 * upload trickling in through Apache's mod_proxy_fcgi, which passes the
 * request on before the body has arrived) holds one of them, not the
 * program (docs/INSTALL.md §6). This process only watches: it checks the
 * configuration once, forks the workers, starts a new one when one dies
 * (not more than one a second), and on SIGTERM passes it on and waits for
 * them all (each finishes the request in progress). */
static int supervise(const struct program *prog, const char *config, int fd,
                     int n)
{
	pid_t pids[FCGI_PROCESSES_MAX] = { 0 };
	{
		struct app app;
		char err[4096];
		if (app_open(&app, prog->name, config, false, err, sizeof err) != 0) {
			log_event(LOG_ERR, "cannot start: %s", err);
			return 1;
		}
		int v = db_version(app.db);
		app_close(&app);
		if (v != db_schema_version) {
			log_event(LOG_ERR, "cannot start: the database schema is version "
			          "%d, this program needs %d: run kaijictl migrate",
			          v, db_schema_version);
			return 1;
		}
	}
	bool announced = false;
	while (!stopping) {
		for (int i = 0; i < n && !stopping; i++) {
			if (pids[i] > 0)
				continue;
			pid_t pid = fork();
			if (pid < 0) {
				log_event(LOG_ERR, "fork: %s", strerror(errno));
				break;
			}
			if (pid == 0)
				_exit(worker(prog, config, fd, false));
			pids[i] = pid;
		}
		if (!announced) {
			log_event(LOG_INFO, "serving");
			announced = true;
		}
		int status;
		pid_t dead = waitpid(-1, &status, 0);
		if (dead < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < n; i++)
			if (pids[i] == dead) {
				pids[i] = 0;
				if (!stopping) {
					log_event(LOG_WARN, "worker %ld ended (status %d): "
					          "a new one", (long)dead, status);
					sleep(1);
				}
			}
	}
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (int i = 0; i < n; i++)
		if (pids[i] > 0 && waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
			i--;
	return 0;
}

int fcgi_main(int argc, char **argv, const struct program *prog)
{
	const char *config = getenv("KAIJI_CONFIG"), *sock = NULL;
	int opt, processes = 1;
	/* KAIJI_PROCESSES: -p's default, for a systemd drop-in or kaiji-spawn */
	const char *env_p = getenv("KAIJI_PROCESSES");
	if (env_p && *env_p) {
		char *end;
		long v = strtol(env_p, &end, 10);
		if (*end == '\0' && v >= 1 && v <= FCGI_PROCESSES_MAX)
			processes = (int)v;
	}
	log_init(prog->name);
	umask(0077);
	while ((opt = getopt(argc, argv, "c:s:p:")) != -1) {
		char *end;
		if (opt == 'c') {
			config = optarg;
		} else if (opt == 's') {
			sock = optarg;
		} else if (opt == 'p') {
			long v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 1 || v > FCGI_PROCESSES_MAX) {
				fprintf(stderr, "%s: -p takes 1 to %d processes\n", prog->name,
				        FCGI_PROCESSES_MAX);
				return 2;
			}
			processes = (int)v;
		} else {
			fprintf(stderr, "usage: %s -c CONFIG [-s SOCKET] [-p PROCESSES]\n",
			        prog->name);
			return 2;
		}
	}
	if (config == NULL) {
		fprintf(stderr, "usage: %s -c CONFIG [-s SOCKET] [-p PROCESSES]\n",
		        prog->name);
		return 2;
	}
	signals_setup();
	FCGX_Init();
	int fd = open_socket(sock);
	if (fd < 0) {
		log_event(LOG_ERR, "cannot listen on %s", sock);
		return 1;
	}
	int rc = processes > 1 ? supervise(prog, config, fd, processes)
	                       : worker(prog, config, fd, true);
	if (sock)
		unlink(sock);
	log_event(LOG_INFO, "stopped");
	return rc;
}
