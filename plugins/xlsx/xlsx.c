/*
 * xlsx.c - the xlsx plugin's descriptor: Excel workbooks, written by
 * xlsx_write.c.
 */
#include "xlsx.h"

/* Register what the plugin gives. */
static int
xlsx_init(const struct plugin_host *host, struct error *e)
{
	return xlsx_write_init(host, e);
}

const struct plugin_desc baodao_plugin = {
	.size = sizeof(struct plugin_desc),
	.api = PLUGIN_API,
	.build = PLUGIN_BUILD,
	.name = "xlsx",
	.version = "0.1.0",
	.summary = "Excel workbooks (.xlsx): every report and form as a printable sheet",
	.reads = NULL,
	.writes = "xlsx",
	.init = xlsx_init,
};
