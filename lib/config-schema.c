/* Keys of conf/kaiji.hdf. The city profile's keys are in profile-schema.c. */
#include "config.h"

const struct cfg_key config_schema[] = {
	{ "Kaiji.Profile", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.ConfDir", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.TemplateDir", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.HtdocsDir", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.DataDir", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.BaseUrl", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.BasePath", CFG_STR, true, 0, 0, NULL },
	{ "Kaiji.DefaultLang", CFG_ENUM, true, 0, 0, "ja|en" },
	{ "Kaiji.LogLevel", CFG_ENUM, false, 0, 0, "error|warn|info|debug" },
	{ "Kaiji.Limits.BodyBytes", CFG_INT, true, 1024, 16777216, NULL },
	{ "Kaiji.Limits.UploadBodyBytes", CFG_INT, true, 1024, 268435456, NULL },
	{ "Kaiji.Limits.Fields", CFG_INT, true, 1, 10000, NULL },
	{ "Kaiji.Limits.NameBytes", CFG_INT, true, 1, 1024, NULL },
	{ "Kaiji.Limits.ValueBytes", CFG_INT, true, 1, 16777216, NULL },
	{ "Kaiji.Limits.FileBytes", CFG_INT, true, 1, 268435456, NULL },
	{ "Kaiji.Limits.Files", CFG_INT, true, 0, 100, NULL },
	{ "Kaiji.Desk.IdleMinutes", CFG_INT, true, 1, 1440, NULL },
	{ "Kaiji.Desk.TrustRemoteUser", CFG_BOOL, false, 0, 0, NULL },
	{ "Kaiji.Status.FailuresPerRef", CFG_INT, false, 1, 1000, NULL },
	{ "Kaiji.Status.FailuresPerClient", CFG_INT, false, 1, 100000, NULL },
	{ "Kaiji.Feedback.PostsPerHour", CFG_INT, false, 1, 100000, NULL },
	{ NULL, CFG_STR, false, 0, 0, NULL },
};
