/* GMO Payment Gateway リンクタイプPlus: the research note's return vector
 * (section 4.2), a padded return, forged and unsigned ones, and the
 * 結果通知's form. */
#include <string.h>

#include <sodium.h>

#include "pay-gmo.h"
#include "tap.h"

#define VEC_B64 "eyJ0cmFuc2FjdGlvbnJlc3VsdCI6eyJPcmRlcklEIjoiT1JERVItMDAwMSIsIlJlc3Vs" \
                "dCI6IlBBWVNVQ0NFU1MiLCJBY2Nlc3NJRCI6ImExIiwiQWNjZXNzUGFzcyI6InAxIiwi" \
                "UHJvY2Vzc2RhdGUiOiIyMDI1MDEwMTEyMDAwMCIsIkVyckNvZGUiOiIiLCJFcnJJbmZv" \
                "IjoiIiwiUGF5bWV0aG9kIjoiY3JlZGl0In19"
#define VEC_HASH "c4500ae4e708dc5d95507e6fac42d2ddf5a6376700689a5f12218539d56449df"

static int parse(struct arena *a, const char *pass, const char *s,
                 struct pay_gmo_return *r)
{
	return pay_gmo_return_parse(a, pass, s, strlen(s), r);
}

static void returns(struct arena *a)
{
	struct pay_gmo_return r;
	TAP_STREQ(pay_sha256_hex(a, VEC_B64 "shoppass123", strlen(VEC_B64) + 11),
	          VEC_HASH, "gmo: the note's vector, SHA-256(B64 ‖ ShopPass)");
	TAP_INTEQ(parse(a, "shoppass123", VEC_B64 "." VEC_HASH, &r), 0,
	          "gmo: the note's vector verifies");
	TAP_STREQ(r.order_id, "ORDER-0001", "gmo: OrderID read");
	TAP_STREQ(r.result, "PAYSUCCESS", "gmo: Result read");
	TAP_STREQ(r.paymethod, "credit", "gmo: Paymethod read");
	const char *padded =
	    "eyJ0cmFuc2FjdGlvbnJlc3VsdCI6eyJPcmRlcklEIjoiMDEyMzQ1Njc4OWFiY2RlZjAx"
	    "MjM0NTY3ODkiLCJSZXN1bHQiOiJSRVFTVUNDRVNTIiwiUGF5bWV0aG9kIjoiY3ZzIn0g"
	    "fQ==.a0fe8251950e29490a3c191ae3cfe26e65c6002a6e9619a820ed9dccb3a50b86";
	TAP_INTEQ(parse(a, "shoppass123", padded, &r), 0,
	          "gmo: a padded B64 (the hash covers the '=') verifies");
	TAP_STREQ(r.result, "REQSUCCESS", "gmo: padded JSON read");
	TAP_INTEQ(parse(a, "shoppass124", VEC_B64 "." VEC_HASH, &r), -1,
	          "gmo-bad: another ShopPass, refused");
	TAP_INTEQ(parse(a, "shoppass123", VEC_B64 "." "d4500ae4e708dc5d95507e6fac42d2dd"
	                "f5a6376700689a5f12218539d56449df", &r), -1,
	          "gmo-bad: one digit of the hash changed, refused");
	TAP_INTEQ(parse(a, "shoppass123", VEC_B64, &r), -1,
	          "gmo-bad: unsigned (no hash), refused");
	TAP_INTEQ(parse(a, "shoppass123", "." VEC_HASH, &r), -1,
	          "gmo-bad: no JSON, refused");
	TAP_INTEQ(parse(a, "", VEC_B64 "." VEC_HASH, &r), -1,
	          "gmo-bad: no ShopPass configured, nothing verifies");
	/* A forged body signed with what the forger knows (not ShopPass). */
	const char *forged_b64 = "eyJ0cmFuc2FjdGlvbnJlc3VsdCI6eyJPcmRlcklEIjoiWCIsIlJlc3VsdCI6IlBBWVNVQ0NFU1MifX0";
	char *forged = arena_printf(a, "%s.%s", forged_b64,
	                            pay_sha256_hex(a, forged_b64, strlen(forged_b64)));
	TAP_INTEQ(parse(a, "shoppass123", forged, &r), -1,
	          "gmo-bad: hashed without ShopPass, refused");
	/* Signed right, but an OrderID longer than GMO's 27. */
	const char *j = "{\"transactionresult\":{\"OrderID\":\"0123456789012345678901234567\",\"Result\":\"PAYSUCCESS\"}}";
	size_t n = sodium_base64_ENCODED_LEN(strlen(j), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *b = arena_alloc(a, n);
	sodium_bin2base64(b, n, (const unsigned char *)j, strlen(j),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *long_id = arena_printf(a, "%s.%s", b, pay_sha256_hex(a,
	                             arena_printf(a, "%sshoppass123", b), strlen(b) + 11));
	TAP_INTEQ(parse(a, "shoppass123", long_id, &r), -1,
	          "gmo-bad: an OrderID over 27 characters, refused");
}

static void notices(struct arena *a)
{
	struct pay_verified v;
	const char *n = "ShopID=tshop0001&ShopPass=**********&AccessID=a1&AccessPass=p1"
	                "&OrderID=0123456789abcdef0123456789&Status=CAPTURE&JobCd=CAPTURE"
	                "&Amount=300&Tax=0&Currency=JPN&TranDate=20261205120000"
	                "&ErrCode=&ErrInfo=&PayType=0";
	TAP_INTEQ(pay_gmo_notice(a, n, strlen(n), &v), 0, "gmo: a card notification parses");
	TAP_INTEQ(v.status.state, PAY_PAID, "gmo: CAPTURE = paid");
	TAP_INTEQ(v.status.amount, 300, "gmo: Amount + Tax");
	TAP_STREQ(v.status.currency, "JPY", "gmo: JPN is yen");
	TAP_STREQ(v.status.merchant, "tshop0001", "gmo: ShopID is the merchant");
	TAP_STREQ(v.status.order_id, "0123456789abcdef0123456789", "gmo: OrderID");
	TAP_OK(v.needs_lookup, "gmo: unsigned, so confirmed by a lookup");
	TAP_OK(!v.ignore, "gmo: a payment state is acted on");
	TAP_OK(strncmp(v.key, "gmo:", 4) == 0 && strlen(v.key) == 4 + 64,
	       "gmo: key is a hash of the body");
	const char *cvs = "ShopID=s&OrderID=abc&Status=REQSUCCESS&Amount=250&Tax=50"
	                  "&PayType=3&CvsCode=10001&CvsConfNo=1234&CvsReceiptNo=5678"
	                  "&PaymentTerm=20261210235959";
	TAP_INTEQ(pay_gmo_notice(a, cvs, strlen(cvs), &v), 0, "gmo: a コンビニ notification parses");
	TAP_INTEQ(v.status.state, PAY_PENDING, "gmo: REQSUCCESS = numbers issued, pending");
	TAP_INTEQ(v.status.amount, 300, "gmo: 250 + tax 50");
	const char *ret = "ShopID=s&OrderID=abc&Status=RETURN&Amount=300";
	TAP_INTEQ(pay_gmo_notice(a, ret, strlen(ret), &v), 0, "gmo: RETURN parses");
	TAP_OK(v.ignore, "gmo: a refund status is acknowledged, not applied");
	const char *neg = "ShopID=s&OrderID=abc&Status=CAPTURE&Amount=-5";
	TAP_INTEQ(pay_gmo_notice(a, neg, strlen(neg), &v), 0, "gmo: a bad amount parses (the lookup decides)");
	TAP_INTEQ(v.status.amount, -1, "gmo-bad: -5 is no amount");
	const char *no_shop = "OrderID=abc&Status=CAPTURE&Amount=5";
	TAP_INTEQ(pay_gmo_notice(a, no_shop, strlen(no_shop), &v), -1, "gmo-bad: no ShopID refused");
	const char *long_oid = "ShopID=s&OrderID=0123456789012345678901234567&Status=CAPTURE";
	TAP_INTEQ(pay_gmo_notice(a, long_oid, strlen(long_oid), &v), -1,
	          "gmo-bad: OrderID over 27 refused");
	const char *bad_oid = "ShopID=s&OrderID=a%2Fb&Status=CAPTURE";
	TAP_INTEQ(pay_gmo_notice(a, bad_oid, strlen(bad_oid), &v), -1,
	          "gmo-bad: OrderID outside [A-Za-z0-9_-] refused");
	TAP_INTEQ(pay_gmo_notice(a, "%zz", 3, &v), -1, "gmo-bad: not a form");
	TAP_INTEQ(pay_gmo_state("PAYSUCCESS"), PAY_PAID, "gmo: PAYSUCCESS = paid");
	TAP_INTEQ(pay_gmo_state("UNPROCESSED"), PAY_REDIRECTED, "gmo: UNPROCESSED = still open");
	TAP_INTEQ(pay_gmo_state("EXPIRED"), PAY_EXPIRED, "gmo: EXPIRED");
	TAP_INTEQ(pay_gmo_state("PAYFAIL"), PAY_FAILED, "gmo: PAYFAIL");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	struct arena *a = arena_new();
	returns(a);
	notices(a);
	arena_free(a);
	return TAP_DONE();
}
