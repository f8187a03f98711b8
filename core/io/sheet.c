/*
 * sheet.c - the readers of files of rows, by extension (sheet.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


#include "emit.h"
#include "sha256.h"
#include "sheet.h"
#include "util.h"

#define SHEET_MAXREADERS 16

static const struct plugin_reader *sheet_readers[SHEET_MAXREADERS];
static size_t sheet_nreaders;

/* Add reader R, whose extension no reader has yet. */
int
sheet_add_reader(const struct plugin_reader *r)
{
	if (r == NULL || r->ext == NULL || *r->ext == '\0' || r->read == NULL ||
	    sheet_nreaders == SHEET_MAXREADERS)
		return -1;
	for (size_t i = 0; i < sheet_nreaders; i++)
		if (strcasecmp(sheet_readers[i]->ext, r->ext) == 0)
			return -1;
	sheet_readers[sheet_nreaders++] = r;
	return 0;
}

/* The registered reader whose extension ends PATH after a dot. */
static const struct plugin_reader *
sheet_reader_of_path(const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < sheet_nreaders; i++) {
		size_t m = strlen(sheet_readers[i]->ext);

		if (n > m + 1 && path[n - m - 1] == '.' &&
		    strcasecmp(path + n - m, sheet_readers[i]->ext) == 0)
			return sheet_readers[i];
	}
	return NULL;
}

/* The registered reader of extension EXT. */
static const struct plugin_reader *
sheet_reader_of_ext(const char *ext)
{
	for (size_t i = 0; i < sheet_nreaders; i++)
		if (strcasecmp(sheet_readers[i]->ext, ext) == 0)
			return sheet_readers[i];
	return NULL;
}

const struct plugin_reader *
sheet_reader_for(const char *path)
{
	const struct plugin_reader *r = sheet_reader_of_path(path);

	return r == NULL && emit_load() ? sheet_reader_of_path(path) : r;
}

const struct plugin_reader *
sheet_reader_ext(const char *ext)
{
	const struct plugin_reader *r = sheet_reader_of_ext(ext);

	return r == NULL && emit_load() ? sheet_reader_of_ext(ext) : r;
}

int
sheet_sha256(const char *path, unsigned char out[32], struct error *e)
{
	struct sha256 sha;
	unsigned char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return error_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (sha256_init(&sha) != 0) {
		close(fd);
		return error_set(e, EXIT_ENV, "%s", tr("libsodium failed to initialise",
		    "libsodium 初始化失败"));
	}
	while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sha256_update(&sha, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	sha256_final(&sha, out);
	return 0;
}

/* The sink of one sheet_read(): rows become CSV lines in order. */
struct plugin_rows {
	struct sbuf *csv;
	const char *path;
	long last;		/* the last row written */
	long max_rows;
	struct error *e;
};

/* Row ROW of the sheet, after a blank line for each row skipped since
 * the last; rows must come in order and within the sheet's limit. */
int
sheet_row(struct plugin_rows *sink, long row, const char *const *cells, size_t n)
{
	if (row <= sink->last)
		return error_set(sink->e, EXIT_USAGE, tr("%s: row %ld comes after row %ld",
		    "%s：第 %ld 行出现在第 %ld 行之后"), sink->path, row, sink->last);
	if (sink->max_rows > 0 && row > sink->max_rows)
		return error_set(sink->e, EXIT_USAGE, tr("%s: the sheet has more than %ld rows"
		    " (max_sheet_rows)", "%s：工作表超过 %ld 行（max_sheet_rows）"), sink->path,
		    sink->max_rows);
	while (++sink->last < row)
		sbuf_addc(sink->csv, '\n');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addc(sink->csv, ',');
		emit_csv_text(sink->csv, cells[i]);
	}
	sbuf_addc(sink->csv, '\n');
	return 0;
}

/* Run reader R on PATH with a sink writing into CSV. */
int
sheet_read(const struct plugin_reader *r, const char *path,
    const struct plugin_read_opts *o, struct sbuf *csv, const char **sheet, struct error *e)
{
	struct plugin_rows sink = { csv, path, 0, o->max_rows, e };

	*sheet = NULL;
	if (r->read(path, o, &sink, sheet, e) != 0)
		return error_set(e, EXIT_ENV, tr("%s: the reader of .%s failed",
		    "%s：.%s 的读取插件出错"), path, r->ext);
	return 0;
}
