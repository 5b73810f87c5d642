/* Keys of conf/kaiji.hdf. The city profile's keys are in profile-schema.c. */
#include "config.h"

const struct cfg_key config_schema[] = {
	{ "Kaiji.Profile", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.ConfDir", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.TemplateDir", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.HtdocsDir", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.DataDir", CFG_STR, true, 0, 0, NULL },
	/* Where identity documents are kept (lib/vault.h): "" = DataDir/vault,
	 * "database", or an absolute directory every web server mounts. */
	{ "Kaiji.Vault", CFG_STR, false, 0, 0, NULL },
	/* Files derived from the database, this server's own (the register's
	 * search index, lib/register-store.h): "" = DataDir/cache. */
	{ "Kaiji.CacheDir", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.BaseUrl", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.BasePath", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.DefaultLang", CFG_ENUM, true, 0, 0, "ja|en" },
	{ "Kaiji.LogLevel", CFG_ENUM, false, 0, 0, "error|warn|info|debug" },
	/* Where the database is (lib/db.h db_open): unset = SQLite at
	 * DataDir/kaiji.db; sqlite:PATH; or a PostgreSQL URI, whose password
	 * is in DatabasePasswordFile. */
	{ "Kaiji.Database", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.DatabasePasswordFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Limits.BodyBytes", CFG_INT, true, 1024, 16777216, NULL },
	{ "Kaiji.Limits.UploadBodyBytes", CFG_INT, true, 1024, 268435456, NULL },
	{ "Kaiji.Limits.Fields", CFG_INT, true, 1, 10000, NULL },
	{ "Kaiji.Limits.NameBytes", CFG_INT, true, 1, 1024, NULL },
	{ "Kaiji.Limits.ValueBytes", CFG_INT, true, 1, 16777216, NULL },
	{ "Kaiji.Limits.FileBytes", CFG_INT, true, 1, 268435456, NULL },
	{ "Kaiji.Limits.Files", CFG_INT, true, 0, 100, NULL },
	{ "Kaiji.Desk.IdleMinutes", CFG_INT, true, 1, 1440, NULL },
	{ "Kaiji.Desk.TrustRemoteUser", CFG_BOOL, false, 0, 0, NULL },
	{ "Kaiji.Desk.RemoteUserParam", CFG_STR, false, 0, 0, NULL },
	/* The desk's own host name (lib/fcgi.c host_ok), "" = any. */
	{ "Kaiji.Desk.Host", CFG_STR, false, 0, 0, NULL },
	/* Roles that must sign in with a TOTP code too (lib/totp.h). */
	{ "Kaiji.Desk.TotpRoles", CFG_STR, false, 0, 0, NULL },
	/* argon2id level of staff passwords (lib/staff.h). */
	{ "Kaiji.Desk.PasswordHashing", CFG_ENUM, false, 0, 0,
	  "interactive|moderate|sensitive|minimum" },
	/* 1 = cookies without Secure over plain http (development only). */
	{ "Kaiji.InsecureCookies", CFG_BOOL, false, 0, 0, NULL },
	/* Reverse proxies whose X-Forwarded-For names the client (lib/client.h). */
	{ "Kaiji.TrustedProxies", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Status.FailuresPerRef", CFG_INT, false, 1, 1000, NULL },
	{ "Kaiji.Status.FailuresPerClient", CFG_INT, false, 1, 100000, NULL },
	{ "Kaiji.Feedback.PostsPerHour", CFG_INT, false, 1, 100000, NULL },
	/* The web server, for kaijictl check-config (tools/cmd-check-web.c). */
	{ "Kaiji.Server.SocketGroup", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Server.NginxConf", CFG_STR, false, 0, 0, NULL },
	/* Online payment (lib/pay.h). One block per provider, named as in
	 * lib/pay.c's table (Stripe, PayPay…); secrets inline or, better, in
	 * a file readable by the programs only (…File). */
	{ "Kaiji.Pay", CFG_NODE, false, 0, 0, NULL },
	{ "Kaiji.Pay.Sandbox", CFG_BOOL, false, 0, 0, NULL },
	{ "Kaiji.Pay.TimeoutSeconds", CFG_INT, false, 1, 120, NULL },
	{ "Kaiji.Pay.CreateTimeoutSeconds", CFG_INT, false, 1, 120, NULL },
	{ "Kaiji.Pay.Proxy", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.ProxyCaFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.ReconcileAfterMinutes", CFG_INT, false, 1, 1440, NULL },
	{ "Kaiji.Pay.ExpireMinutes", CFG_INT, false, 30, 1440, NULL },
	{ "Kaiji.Pay.*", CFG_NODE, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ApiBase", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.PageHosts", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.CaFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ApiVersion", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.SecretKey", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.SecretKeyFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.WebhookSecret", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.WebhookSecretFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ToleranceSeconds", CFG_INT, false, 10, 3600, NULL },
	{ "Kaiji.Pay.*.ApiKey", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ApiSecret", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ApiSecretFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.MerchantId", CFG_STR, false, 0, 0, NULL },
	/* GMO Payment Gateway (lib/pay-gmo.c). */
	{ "Kaiji.Pay.*.ShopId", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ShopPass", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ShopPassFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ConfigId", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.PayMethods", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ShopId", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ShopPass", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Pay.*.ShopPassFile", CFG_STR, false, 0, 0, NULL },
	/* E-mail notices through the city's relay (tools/cmd-mail.c). */
	{ "Kaiji.Mail", CFG_NODE, false, 0, 0, NULL },
	{ "Kaiji.Mail.Url", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Mail.From", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Mail.User", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Mail.PasswordFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Mail.CaFile", CFG_STR, false, 0, 0, NULL },
	{ "Kaiji.Mail.TimeoutSeconds", CFG_INT, false, 1, 300, NULL },
	{ "Kaiji.Mail.Batch", CFG_INT, false, 1, 10000, NULL },
	{ "Kaiji.Mail.MaxAttempts", CFG_INT, false, 1, 1000, NULL },
	{ NULL, CFG_STR, false, 0, 0, NULL },
};
