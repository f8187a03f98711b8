/*
 * import_src.c - where an import's rows come from.
 *
 * A CSV file is read as it is.  A workbook is read by the reader a plugin
 * registered for its extension (sheet.h) into CSV text, one line per row
 * of the sheet, so that everything after (header, cells, errors, rows
 * rejected) is the same engine with the same row numbers; errors then
 * name the sheet and cell.  What the file's first bytes say decides too:
 * an .xlsx renamed .csv is still a workbook (a zip), and an OLE2 file is
 * a password-protected workbook or an old .xls, neither of which is CSV.
 */
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csv.h"
#include "import.h"
#include "import_int.h"
#include "sheet.h"
#include "util.h"

enum { IMPORT_TEXT, IMPORT_ZIP, IMPORT_OLE2 };

/* What PATH's first bytes say it is. */
static int
import_magic(const char *path)
{
	static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	unsigned char head[8];
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd >= 0) {
		n = read(fd, head, sizeof head);
		close(fd);
	}
	if (n == (ssize_t)sizeof head && memcmp(head, ole2, sizeof ole2) == 0)
		return IMPORT_OLE2;
	if (n >= 4 && memcmp(head, "PK\003\004", 4) == 0)
		return IMPORT_ZIP;
	return IMPORT_TEXT;
}

/* Whether PATH's name ends in ".EXT". */
static int
import_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), m = strlen(ext);

	return n > m + 1 && path[n - m - 1] == '.' && strcasecmp(path + n - m, ext) == 0;
}

/* The reader for PATH, by its extension or, for a zip, as a workbook;
 * NULL with e set when it is a workbook no reader takes.  A text file
 * named .csv is the core's own: no plugin is loaded to ask about it. */
static const struct plugin_reader *
import_reader(struct import_run *r, const char *path, int magic)
{
	const struct plugin_reader *rd = magic == IMPORT_TEXT && import_ext(path, "csv") ? NULL :
	    sheet_reader_for(path);

	if (rd == NULL && magic == IMPORT_ZIP)
		rd = sheet_reader_ext("xlsx");
	if (rd == NULL && (magic == IMPORT_ZIP || import_ext(path, "xlsx")))
		error_set(r->e, EXIT_USAGE, import_tr(
		    "%s: reading an xlsx workbook needs the xlsx plugin: %s",
		    "%s: 读取 xlsx 工作簿需要 xlsx 插件：%s"), path, r->o->plugin_why != NULL ?
		    r->o->plugin_why("xlsx") : tr("it is not loaded (see `baodao plugins`)",
		    "它没有加载（见 `baodao plugins`）"));
	else if (rd == NULL && magic == IMPORT_OLE2)
		error_set(r->e, EXIT_USAGE, import_tr(
		    "%s: a password-protected workbook, or an old Excel 97-2003 file (OLE2), "
		    "not CSV: remove the password or save it as .xlsx or CSV, and import again",
		    "%s: 这是有密码保护的工作簿或旧版 Excel 97-2003 文件（OLE2），不是 CSV："
		    "请取消密码或另存为 .xlsx 或 CSV 后再导入"), path);
	return rd;
}

/*
 * Open PATH as r->f: a CSV file, or a workbook's sheet as CSV text (the
 * file's own hash kept for the audit row).  Returns 0, or -1 with r->e set.
 */
int
import_open(struct import_run *r, const char *path)
{
	struct plugin_read_opts o = { r->o->sheet, r->o->max_bytes ? r->o->max_bytes :
	    IMPORT_MAX_BYTES, r->o->max_sheet_rows, r->o->max_sheet_cells };
	int magic = import_magic(path);
	const struct plugin_reader *rd = import_reader(r, path, magic);
	const char *name;

	if (r->e->code != 0)
		return -1;
	if (rd == NULL && r->o->sheet != NULL)
		return error_set(r->e, EXIT_USAGE, import_tr("%s: --sheet reads a workbook; "
		    "this is a CSV file", "%s: --sheet 用于工作簿；这是 CSV 文件"), path);
	if (rd == NULL)
		return csv_open(&r->f, path, o.max_bytes, r->e);
	sbuf_init(&r->sheet);
	sbuf_add(&r->sheet, "", 0);
	if (sheet_read(rd, path, &o, &r->sheet, &name, r->e) != 0)
		return -1;
	r->sheetname = xstrdup(name != NULL ? name : "");
	if (csv_open_mem(&r->f, path, r->sheet.s, r->sheet.len, r->e) != 0 ||
	    sheet_sha256(path, r->f.sha256, r->e) != 0)
		return -1;
	r->f.sep = ',';
	return 0;
}
