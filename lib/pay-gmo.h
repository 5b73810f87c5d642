/* GMO Payment Gateway, リンクタイプPlus (lib/pay-gmo.c): the parts the
 * unit tests and the fuzz harness reach. */
#ifndef KAIJI_PAY_GMO_H
#define KAIJI_PAY_GMO_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "pay.h"

/* GMO's OrderID: at most 27 characters (GMO's own module checks it). */
#define PAY_GMO_ORDER_MAX 27

/* The browser's return parameter result = B64URL(json) "." HASH with
 * HASH = lower-hex SHA-256(B64URL(json) ‖ ShopPass). */
struct pay_gmo_return {
	char order_id[72];
	char result[32];   /* CREATE … PAYSUCCESS, ERROR, EXPIRED, INVALID */
	char paymethod[32];
	char err_code[32];
};

/* Check the hash (constant-time) and read the JSON. 0, or -1 when the
 * hash does not match or the text is not the provider's shape. */
int pay_gmo_return_parse(struct arena *a, const char *shop_pass,
                         const char *result, size_t len,
                         struct pay_gmo_return *out);

/* Read a 結果通知 body (application/x-www-form-urlencoded, unsigned) into
 * out: ShopID as merchant, Amount + Tax, Status as state. 0 or -1. */
int pay_gmo_notice(struct arena *a, const char *body, size_t len,
                   struct pay_verified *out);

/* A GMO Status (notification and SearchTradeMulti) as our state;
 * PAY_NONE for what we do not act on. */
enum pay_state pay_gmo_state(const char *status);

#endif
