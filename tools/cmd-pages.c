/* kaijictl pages SRC DEST: the static pages in the city's words.
 *
 * The pages under htdocs/ say 市, 市長 and 市民 as {市}, {市長} and {市民},
 * as the language files do; a ward reads 区, 区長, 区民 (City.Word,
 * City.HeadTitle); {簿} is the register's name (City.Register.Name, NameEn
 * under en/), so that a link to it says what its page is called. Every
 * .html file under SRC is written to the same place
 * under DEST with the words put in; every other file is copied as it is.
 * Each file is replaced whole (a temporary file renamed), readable by the
 * web server. It reads the configuration only (no database), so root can
 * run it to write the installed pages.
 *
 * A page speaks of its own city (issue 23 item 8): each block
 * <!--city:NAME-->…<!--/city--> is replaced by templates/page-NAME.cs
 * rendered with the city's profile (City.*) and the language strings, in
 * the page's language (pages under en/ are English). What lies between
 * the marks is the general text an installed page shows until kaijictl
 * pages has run. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "cmd-pages.h"
#include "config.h"
#include "profile.h"
#include "view.h"

#define BLOCK_OPEN "<!--city:"
#define BLOCK_CLOSE "<!--/city-->"
#define BLOCK_NAME_MAX 40

#define PAGE_MAX (4L << 20) /* a static page or stylesheet, not a download */
#define DEPTH_MAX 8

static int read_all(const char *path, char **out, long *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	char *buf = NULL;
	long n = -1;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n <= PAGE_MAX &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		fclose(f);
		*out = buf;
		*len = n;
		return 0;
	}
	free(buf);
	fclose(f);
	return -1;
}

static int write_all(const char *path, const char *data, size_t len)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return -1;
	FILE *f = fopen(tmp, "wb");
	if (f == NULL)
		return -1;
	int ok = fwrite(data, 1, len, f) == len && fchmod(fileno(f), 0644) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int is_html(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && strcmp(name + n - 5, ".html") == 0;
}

/* The block's name after BLOCK_OPEN: [a-z-]+ up to "-->"; its length or 0. */
static size_t block_name(const char *p)
{
	const char *end = strstr(p, "-->");
	size_t n = end ? (size_t)(end - p) : 0;
	return n > 0 && n <= BLOCK_NAME_MAX &&
	       strspn(p, "abcdefghijklmnopqrstuvwxyz-") >= n ? n : 0;
}

static int block_render(struct view *v, const char *lang, const char *name,
                        size_t n, struct buf *out, char *err, size_t errlen)
{
	char tmpl[8 + BLOCK_NAME_MAX];
	snprintf(tmpl, sizeof tmpl, "page-%.*s", (int)n, name);
	HDF *data = NULL;
	if (hdf_init(&data) != STATUS_OK) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = view_render_hdf(v, tmpl, lang, data, out);
	hdf_destroy(&data);
	if (rc != 0)
		snprintf(err, errlen, "templates/%s.cs does not render", tmpl);
	return rc == 0 ? 0 : -1;
}

char *pages_fill(struct view *v, const char *lang, const char *text, char *err,
                 size_t errlen)
{
	struct arena *a = arena_new();
	struct buf out;
	buf_init(&out, a);
	const char *p = text, *open;
	while ((open = strstr(p, BLOCK_OPEN)) != NULL) {
		const char *name = open + strlen(BLOCK_OPEN);
		size_t n = block_name(name);
		const char *close = n ? strstr(name + n, BLOCK_CLOSE) : NULL;
		if (close == NULL) {
			snprintf(err, errlen, "a %s block without a name or without %s",
			         BLOCK_OPEN, BLOCK_CLOSE);
			arena_free(a);
			return NULL;
		}
		buf_append(&out, p, (size_t)(open - p));
		if (block_render(v, lang, name, n, &out, err, errlen) != 0) {
			arena_free(a);
			return NULL;
		}
		p = close + strlen(BLOCK_CLOSE);
	}
	buf_puts(&out, p);
	char *filled = strdup(out.data);
	arena_free(a);
	if (filled == NULL)
		snprintf(err, errlen, "out of memory");
	return filled;
}

/* text with each {簿} put as the register's name in the page's language
 * (City.Register.Name, or NameEn under en/), HTML-escaped: the links to the
 * register say what its page is called (issue 23 item 21). Malloc'd; NULL
 * when out of memory. */
static char *register_words(HDF *cfg, const char *text, bool en)
{
	static const char key[] = "{簿}";
	const char *name = NULL;
	if (en)
		name = hdf_get_value(cfg, "City.Register.NameEn", NULL);
	if (name == NULL || *name == '\0')
		name = hdf_get_value(cfg, "City.Register.Name",
		                     en ? "register of personal information files"
		                        : "個人情報ファイル簿");
	char *esc = NULL;
	size_t esclen = 0;
	FILE *m = open_memstream(&esc, &esclen);
	if (m == NULL)
		return NULL;
	for (const char *c = name; *c; c++) {
		if (*c == '&')
			fputs("&amp;", m);
		else if (*c == '<')
			fputs("&lt;", m);
		else if (*c == '>')
			fputs("&gt;", m);
		else if (*c == '"')
			fputs("&quot;", m);
		else
			fputc(*c, m);
	}
	if (fclose(m) != 0)
		return NULL;
	char *out = NULL;
	size_t outlen = 0;
	m = open_memstream(&out, &outlen);
	if (m == NULL) {
		free(esc);
		return NULL;
	}
	for (const char *p = text, *hit; *p; p = hit + sizeof key - 1) {
		hit = strstr(p, key);
		if (hit == NULL) {
			fputs(p, m);
			break;
		}
		fwrite(p, 1, (size_t)(hit - p), m);
		fputs(esc, m);
	}
	free(esc);
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static int page(struct view *v, HDF *cfg, const char *lang, const char *src,
                const char *dest, const char *name)
{
	char *text;
	long len;
	if (read_all(src, &text, &len) != 0) {
		fprintf(stderr, "pages: cannot read %s (or larger than %ld bytes)\n", src,
		        PAGE_MAX);
		return -1;
	}
	int rc;
	if (is_html(name) && (long)strlen(text) == len) {
		char err[512] = "out of memory";
		char *filled = pages_fill(v, lang, text, err, sizeof err);
		char *words = filled ? register_words(cfg, filled, strcmp(lang, "en") == 0) : NULL;
		char *out = words ? view_city_words(cfg, words) : NULL;
		free(words);
		rc = out ? write_all(dest, out, strlen(out)) : -1;
		if (filled == NULL)
			fprintf(stderr, "pages: %s: %s\n", src, err);
		else if (rc != 0)
			fprintf(stderr, "pages: cannot write %s: %s\n", dest, strerror(errno));
		free(filled);
		free(out);
	} else if ((rc = write_all(dest, text, (size_t)len)) != 0) {
		fprintf(stderr, "pages: cannot write %s: %s\n", dest, strerror(errno));
	}
	free(text);
	return rc;
}

static int tree(struct view *v, HDF *cfg, const char *lang, const char *src,
                const char *dest, int depth, int *files)
{
	if (depth > DEPTH_MAX) {
		fprintf(stderr, "pages: %s is nested too deep\n", src);
		return -1;
	}
	if (mkdir(dest, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "pages: cannot make %s: %s\n", dest, strerror(errno));
		return -1;
	}
	chmod(dest, 0755);
	DIR *d = opendir(src);
	if (d == NULL) {
		fprintf(stderr, "pages: cannot read %s: %s\n", src, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char s[4096], t[4096];
		struct stat st;
		if ((size_t)snprintf(s, sizeof s, "%s/%s", src, e->d_name) >= sizeof s ||
		    (size_t)snprintf(t, sizeof t, "%s/%s", dest, e->d_name) >= sizeof t ||
		    lstat(s, &st) != 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			const char *sub = depth == 0 && strcmp(e->d_name, "en") == 0 ? "en" : lang;
			rc = tree(v, cfg, sub, s, t, depth + 1, files);
		} else if (S_ISREG(st.st_mode)) {
			rc = page(v, cfg, lang, s, t, e->d_name);
			*files += rc == 0;
		} /* links and the rest are not pages */
	}
	closedir(d);
	return rc;
}

int cmd_pages(const char *config, int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: kaijictl pages SRC DEST\n", stderr);
		return 2;
	}
	char real_src[4096], real_dest[4096], err[1024];
	if (realpath(argv[1], real_src) == NULL) {
		fprintf(stderr, "pages: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	/* Writing over the sources would lose the placeholders for good. */
	if (realpath(argv[2], real_dest) != NULL && strcmp(real_src, real_dest) == 0) {
		fputs("pages: SRC and DEST are the same directory\n", stderr);
		return 1;
	}
	HDF *cfg = NULL;
	struct profile prof;
	if (config_load(config, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	int rc = 1;
	struct view *v = NULL;
	if (profile_load(cfg, &prof, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
	} else {
		int files = 0;
		if (view_open(&v, cfg, err, sizeof err) != 0)
			fprintf(stderr, "pages: %s\n", err);
		else if (tree(v, cfg, "ja", real_src, argv[2], 0, &files) == 0) {
			printf("pages: %d files written to %s\n", files, argv[2]);
			rc = 0;
		}
		view_close(v);
		profile_free(&prof);
	}
	hdf_destroy(&cfg);
	return rc;
}
