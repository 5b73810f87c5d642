/* What the pages say about paying (the provider, the payment agent, the
 * provider's page origins for a CSP), apart from lib/pay.c: these need no
 * libcurl, so a program that only shows them (status) does not load it
 * and its TLS libraries (issue 20: 5 MB of resident memory). */
#include "pay.h"

#include <stdio.h>
#include <string.h>

#include "fetch.h"
#include "view.h"

/* The providers' names and configuration nodes (Kaiji.Pay.NODE), as the
 * adapters (pay_stripe_adapter …) name them: test-pay checks they agree. */
static const struct {
	enum pay_provider provider;
	const char *name, *conf_name;
} providers[] = {
	{ PROVIDER_STRIPE, "stripe", "Stripe" },
	{ PROVIDER_PAYPAY, "paypay", "PayPay" },
	{ PROVIDER_GMO, "gmo", "Gmo" },
};

const char *pay_provider_conf_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof providers / sizeof providers[0]; i++)
		if (strcmp(providers[i].name, name) == 0)
			return providers[i].conf_name;
	return NULL;
}

const char *pay_provider_name(const struct profile *prof)
{
	for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++)
		if (providers[i].provider == prof->payment.provider)
			return providers[i].name;
	return NULL;
}

void pay_agent_to_view(struct req *req, const struct profile *prof)
{
	const struct profile_payment *p = &prof->payment;
	const char *agent = profile_text(p->agent, p->agent_en, req->lang);
	const char *notice = profile_text(p->agent_notice, p->agent_notice_en,
	                                  req->lang);
	if (agent)
		view_set(req, "Pay.Agent", agent);
	if (agent && notice)
		view_set(req, "Pay.AgentNotice", notice);
}

const char *pay_form_sources(HDF *cfg, const struct profile *prof,
                             struct arena *a)
{
	const char *name = pay_provider_name(prof);
	for (size_t i = 0; name && i < sizeof providers / sizeof providers[0]; i++) {
		if (strcmp(providers[i].name, name) != 0)
			continue;
		char path[128];
		snprintf(path, sizeof path, "Kaiji.Pay.%s.PageHosts",
		         providers[i].conf_name);
		struct fetch_hosts h;
		memset(&h, 0, sizeof h);
		if (fetch_hosts_add(&h, hdf_get_value(cfg, path, "")) != 0 || h.n == 0)
			return NULL;
		struct buf b;
		buf_init(&b, a);
		for (size_t k = 0; k < h.n; k++) {
			/* fetch_hosts_add made each "host:port"; 443 is https's own. */
			size_t len = strlen(h.host[k]);
			if (len > 4 && strcmp(h.host[k] + len - 4, ":443") == 0)
				len -= 4;
			buf_printf(&b, "%shttps://%.*s", k ? " " : "", (int)len, h.host[k]);
		}
		return b.data;
	}
	return NULL;
}
