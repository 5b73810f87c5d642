#include "fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "libcurl.h"
#include "log.h"

struct fetch {
	CURL *curl;
};

struct fetch_sink {
	struct buf buf;
	bool too_big;
};

int fetch_open(struct fetch **out, char *err, size_t errlen)
{
	*out = calloc(1, sizeof **out);
	if (*out == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int fetch_ready(struct fetch *f, char *err, size_t errlen)
{
	if (f->curl != NULL)
		return 0;
	if (libcurl_load(err, errlen) != 0) {
		log_event(LOG_ERR, "fetch: %s", err);
		return -1;
	}
	if ((f->curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "libcurl: no handle");
		log_event(LOG_ERR, "fetch: %s", err);
		return -1;
	}
	return 0;
}

void fetch_close(struct fetch *f)
{
	if (f == NULL)
		return;
	if (f->curl != NULL)
		curl_easy_cleanup(f->curl);
	free(f);
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int fetch_url_host(const char *url, char *out, size_t outlen)
{
	char why[256];
	if (url == NULL || libcurl_load(why, sizeof why) != 0)
		return -1;
	CURLU *u = curl_url();
	char *scheme = NULL, *user = NULL, *host = NULL, *port = NULL;
	int rc = -1;
	if (u == NULL)
		goto done;
	/* Only what a provider URL can be: no guessing of a scheme. */
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto done;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    strcasecmp(scheme, "https") != 0)
		goto done;
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK)
		goto done;
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
		goto done;
	int n = snprintf(out, outlen, "%s:%s", host, port);
	if (n > 0 && (size_t)n < outlen) {
		lower(out);
		rc = 0;
	}
done:
	curl_free(scheme);
	curl_free(user);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

bool fetch_url_allowed(const char *url, const struct fetch_hosts *h)
{
	char hp[300];
	if (h == NULL || fetch_url_host(url, hp, sizeof hp) != 0)
		return false;
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(hp, h->host[i]) == 0)
			return true;
	return false;
}

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct fetch_sink *s = ctx;
	size_t len = size * n;
	if (s->buf.len + len > FETCH_MAX_RESPONSE) {
		s->too_big = true;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	buf_append(&s->buf, p, len);
	return len;
}

static int set_options(CURL *c, const struct fetch_req *rq,
                       struct curl_slist *hdrs, struct fetch_sink *sink)
{
	long t = rq->timeout_s > 0 ? rq->timeout_s : 15;
	CURLcode rc = CURLE_OK;
#define SET(opt, val) if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val)
	SET(CURLOPT_URL, rq->url);
	SET(CURLOPT_PROTOCOLS_STR, "https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_PROXY, rq->proxy ? rq->proxy : "");
	SET(CURLOPT_PROXY_CAINFO, rq->proxy_ca && *rq->proxy_ca ? rq->proxy_ca : NULL);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, t < 5 ? t : 5L);
	SET(CURLOPT_TIMEOUT, t);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FETCH_MAX_RESPONSE);
	SET(CURLOPT_WRITEFUNCTION, on_data);
	SET(CURLOPT_WRITEDATA, sink);
	SET(CURLOPT_HTTPHEADER, hdrs);
	SET(CURLOPT_USERAGENT, "kaiji/0.1");
	const char *ca = rq->proxy_ca && *rq->proxy_ca ? rq->proxy_ca : rq->ca_file;
	if (ca && *ca)
		SET(CURLOPT_CAINFO, ca);
	if (strcmp(rq->method, "POST") == 0) {
		SET(CURLOPT_POST, 1L);
		SET(CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
	} else if (strcmp(rq->method, "DELETE") == 0) {
		SET(CURLOPT_CUSTOMREQUEST, "DELETE");
	} else if (strcmp(rq->method, "GET") == 0) {
		SET(CURLOPT_HTTPGET, 1L);
	} else {
		return -1;
	}
#undef SET
	return rc == CURLE_OK ? 0 : -1;
}

int fetch_do(struct fetch *f, struct arena *a, const struct fetch_req *rq,
             struct fetch_resp *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	/* No read snapshot waits on a provider's answer (lib/db.h). */
	db_snapshot_release();
	if (fetch_ready(f, err, errlen) != 0)
		return -1;
	if (!fetch_url_allowed(rq->url, rq->hosts)) {
		snprintf(err, errlen, "refused: not https or not an allowed host");
		log_event(LOG_WARN, "fetch refused a URL outside the allowed hosts");
		return -1;
	}
	struct curl_slist *hdrs = NULL;
	/* Without this, curl sends "Expect: 100-continue" on larger bodies. */
	hdrs = curl_slist_append(hdrs, "Expect:");
	for (const char *const *h = rq->headers; h && *h; h++)
		hdrs = curl_slist_append(hdrs, *h);
	struct fetch_sink sink = { .too_big = false };
	buf_init(&sink.buf, a);
	curl_easy_reset(f->curl);
	int rc = -1;
	if (hdrs == NULL || set_options(f->curl, rq, hdrs, &sink) != 0) {
		snprintf(err, errlen, "libcurl options refused");
		goto done;
	}
	CURLcode cc = curl_easy_perform(f->curl);
	if (cc != CURLE_OK) {
		snprintf(err, errlen, "%s", sink.too_big ? "response too large"
		                                         : curl_easy_strerror(cc));
		goto done;
	}
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = sink.buf.data ? sink.buf.data : arena_strdup(a, "");
	out->len = sink.buf.len;
	rc = 0;
done:
	curl_slist_free_all(hdrs);
	return rc;
}
