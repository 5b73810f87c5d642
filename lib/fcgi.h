/* The FastCGI accept loop every program runs with its route table. It
 * accepts on fd 0 (the FastCGI convention) or on a Unix socket given with
 * -s, serves one request at a time, never exits on a bad request, and
 * frees every per-request allocation at the end of each request. */
#ifndef KAIJI_FCGI_H
#define KAIJI_FCGI_H

#include "req.h"

/* Usage: PROGRAM -c CONFIG [-s SOCKET] [-p PROCESSES]. With -p N > 1 the
 * process forks N workers on the socket and watches them (a slow client
 * holds one worker, not the program). Returns the process exit status. */
#define FCGI_PROCESSES_MAX 64
int fcgi_main(int argc, char **argv, const struct program *prog);

/* Serve one request that has been accepted (exposed for the loop's tests). */
void fcgi_serve(struct app *app, const struct program *prog, void *fcgx,
                struct arena *arena);

#endif
