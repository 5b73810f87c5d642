/* The reference a FastCGI program cannot beat: an fcgi2 responder that
 * answers every request with bytes read once at start, the last path
 * segment of the URI naming the file in DIR (bench/run puts the register's
 * own pages there). One request at a time, like the kaiji programs;
 * MINIMAL_PROCESSES=N forks N processes on the one socket, like the kaiji
 * programs' -p N (the parent serves too; all end with it on SIGTERM).
 *
 *   minimal-fcgi SOCKET DIR NAME...
 *
 * Built and started by bench/run; not part of kaiji. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

struct page {
	const char *name;
	char *body;
	size_t len;
};

static int page_load(struct page *p, const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || (p->body = malloc((size_t)st.st_size + 1)) == NULL) {
		fclose(f);
		return -1;
	}
	p->len = fread(p->body, 1, (size_t)st.st_size, f);
	p->name = name;
	fclose(f);
	return p->len == (size_t)st.st_size ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fputs("usage: minimal-fcgi SOCKET DIR NAME...\n", stderr);
		return 2;
	}
	int n = argc - 3;
	struct page *pages = calloc((size_t)n, sizeof *pages);
	for (int i = 0; i < n; i++)
		if (pages == NULL || page_load(&pages[i], argv[2], argv[3 + i]) != 0) {
			fprintf(stderr, "minimal-fcgi: cannot read %s/%s\n", argv[2], argv[3 + i]);
			return 1;
		}
	FCGX_Init();
	unlink(argv[1]);
	umask(0);
	int fd = FCGX_OpenSocket(argv[1], 128);
	if (fd < 0)
		return 1;
	const char *np = getenv("MINIMAL_PROCESSES");
	long procs = np ? strtol(np, NULL, 10) : 1;
	for (long k = procs > 64 ? 64 : procs; k > 1; k--)
		if (fork() == 0) {
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			break;
		}
	FCGX_Request r;
	FCGX_InitRequest(&r, fd, 0);
	while (FCGX_Accept_r(&r) >= 0) {
		const char *uri = FCGX_GetParam("REQUEST_URI", r.envp);
		const char *last = uri ? strrchr(uri, '/') : NULL;
		const struct page *p = NULL;
		for (int i = 0; last && i < n; i++)
			if (strncmp(last + 1, pages[i].name, strlen(pages[i].name)) == 0)
				p = &pages[i];
		if (p == NULL) {
			FCGX_PutS("Status: 404 Not Found\r\nContent-Length: 0\r\n\r\n", r.out);
		} else {
			char head[128];
			snprintf(head, sizeof head, "Content-Type: text/html; charset=utf-8\r\n"
			         "Content-Length: %zu\r\n\r\n", p->len);
			FCGX_PutS(head, r.out);
			FCGX_PutStr(p->body, (int)p->len, r.out);
		}
		FCGX_Finish_r(&r);
	}
	return 0;
}
