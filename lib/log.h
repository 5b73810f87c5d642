/* One line per event on stderr, which the web server or journald keeps.
 * Never pass personal data: log reference numbers and event names only. */
#ifndef KAIJI_LOG_H
#define KAIJI_LOG_H

#include <time.h>

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* The program name shown on every line; set once at start. */
void log_init(const char *program);
/* t as "YYYY-MM-DDTHH:MM:SSZ" (UTC): the log lines' stamp, and the form
 * the database's *_at columns are compared in. */
void log_stamp(time_t t, char out[32]);
void log_event(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
