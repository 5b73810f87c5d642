/* The smallest fcgi2 responder: the same bytes for every request, read
 * once from FILE. It measures the FastCGI hop behind nginx, the ceiling
 * for any FastCGI program (DESIGN.md, Performance).
 *
 *   minimal-fcgi SOCKET FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *data = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			char *p = realloc(data, cap);
			if (p == NULL) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = p;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return data;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: minimal-fcgi SOCKET FILE\n", stderr);
		return 2;
	}
	size_t len;
	char *body = read_file(argv[2], &len);
	if (body == NULL) {
		perror(argv[2]);
		return 1;
	}
	char head[256];
	int hlen = snprintf(head, sizeof head,
	                    "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
	                    "Cache-Control: no-store\r\nContent-Length: %zu\r\n\r\n", len);
	if (FCGX_Init() != 0)
		return 1;
	unlink(argv[1]);
	int fd = FCGX_OpenSocket(argv[1], 128);
	if (fd < 0 || chmod(argv[1], 0660) != 0) {
		perror(argv[1]);
		return 1;
	}
	FCGX_Request r;
	FCGX_InitRequest(&r, fd, 0);
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(head, hlen, r.out);
		FCGX_PutStr(body, (int)len, r.out);
		FCGX_Finish_r(&r);
	}
	free(body);
	return 0;
}
