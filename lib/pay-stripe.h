/* Stripe Checkout (lib/pay-stripe.c): the parts the unit tests reach. */
#ifndef KAIJI_PAY_STRIPE_H
#define KAIJI_PAY_STRIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "pay.h"

/* The Stripe-Version sent on every call unless Kaiji.Pay.Stripe.ApiVersion
 * names another: the version the emulator speaks (tests/emulator). */
#define PAY_STRIPE_VERSION "2024-06-20"

/* The v1 signature of "<t>.<body>" as lower-case hex. */
char *pay_stripe_sign(struct arena *a, const char *secret, long long t,
                      const char *body, size_t len);
/* Check a Stripe-Signature header against the raw body: one of its v1
 * values must match and t must be within tolerance of now (either way).
 * 0 valid, -1 with the reason in err. */
int pay_stripe_check(struct arena *a, const char *secret, const char *header,
                     const char *body, size_t len, time_t now, long tolerance,
                     char *err, size_t errlen);
/* Read an event body (already verified) into out. 0 or -1. */
int pay_stripe_event(const char *body, size_t len, struct pay_verified *out);

#endif
