/* PayPay OPA web payment (lib/pay-paypay.c): the parts the unit tests
 * reach. */
#ifndef KAIJI_PAY_PAYPAY_H
#define KAIJI_PAY_PAYPAY_H

#include <stddef.h>

#include "arena.h"
#include "pay.h"

/* The Authorization header value of a request:
 * "hmac OPA-Auth:KEY:MAC:NONCE:EPOCH:HASH". path without the query;
 * body NULL for a request without one (GET, DELETE). */
char *pay_paypay_auth(struct arena *a, const char *api_key,
                      const char *api_secret, const char *method,
                      const char *path, const char *content_type,
                      const char *body, size_t len, const char *nonce,
                      long long epoch);
/* Read a webhook body (unsigned) into out; merchant and amount as sent.
 * 0 or -1. */
int pay_paypay_event(struct arena *a, const char *body, size_t len,
                     struct pay_verified *out);

#endif
