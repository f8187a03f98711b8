/*
 * xlsx.c - the xlsx plugin's descriptor: what it reads and writes, and
 * its init.
 */
#include "plugin_api.h"
#include "xlsx.h"

/* Register the plugin's parts with the host. */
static int
xlsx_init(const struct plugin_host *host, struct error *e)
{
	if (xlsx_read_init(host, e) != 0)
		return -1;
	return xlsx_write_init(host, e);
}

const struct plugin_desc baodao_plugin = {
	.size = sizeof(struct plugin_desc),
	.api = PLUGIN_API,
	.build = PLUGIN_BUILD,
	.name = "xlsx",
	.version = "1.0",
	.summary = "Excel workbooks (.xlsx): import reads them; every report and form is written"
	    " as one",
	.reads = "xlsx",
	.writes = "xlsx",
	.init = xlsx_init,
};
