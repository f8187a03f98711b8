/*
 * sheet.c - the readers of files of rows, by extension (sheet.h), and the
 * sink that turns a reader's rows into CSV text for import.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "sheet.h"

#define SHEET_MAXREADERS 16

/* tr() for format strings, so gcc checks both translations. */
static const char *sheet_tr(const char *en, const char *zh)
    __attribute__((format_arg(1), format_arg(2)));

static const char *
sheet_tr(const char *en, const char *zh)
{
	return tr(en, zh);
}

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

/* The reader whose extension ends PATH after a dot. */
const struct plugin_reader *
sheet_reader_for(const char *path)
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

const struct plugin_reader *
sheet_reader_ext(const char *ext)
{
	for (size_t i = 0; i < sheet_nreaders; i++)
		if (strcasecmp(sheet_readers[i]->ext, ext) == 0)
			return sheet_readers[i];
	return NULL;
}

/* Where a read's rows go: CSV text, and the row its next line is. */
struct plugin_rows {
	struct sbuf *out;
	long next;
	const char *path;
	struct error *e;
};

/* One cell as CSV: quoted when it holds a comma, quote or line break,
 * and otherwise exactly as read (no guard against formulas: this text
 * is only read back, never opened in a spreadsheet). */
static void
sheet_cell(struct sbuf *b, const char *v)
{
	if (strpbrk(v, ",\"\r\n") == NULL) {
		sbuf_adds(b, v);
		return;
	}
	sbuf_addc(b, '"');
	for (; *v != '\0'; v++) {
		if (*v == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *v);
	}
	sbuf_addc(b, '"');
}

/* Write row ROW of the sheet, after a blank line for each row skipped. */
int
sheet_row(struct plugin_rows *s, long row, const char *const *cells, size_t n)
{
	if (row < s->next)
		return error_set(s->e, EXIT_USAGE, sheet_tr("%s: row %ld comes after row %ld",
		    "%s: 第 %ld 行出现在第 %ld 行之后"), s->path, row, s->next - 1);
	for (; s->next < row; s->next++)
		sbuf_addc(s->out, '\n');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addc(s->out, ',');
		sheet_cell(s->out, cells[i] != NULL ? cells[i] : "");
	}
	sbuf_addc(s->out, '\n');
	s->next = row + 1;
	return 0;
}

/* The SHA-256 of the file at PATH, for the audit row. */
static int
sheet_hash(const char *path, unsigned char out[32], struct error *e)
{
	crypto_hash_sha256_state sha;
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return error_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	crypto_hash_sha256_init(&sha);
	while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			crypto_hash_sha256_update(&sha, (unsigned char *)buf, (size_t)n);
	close(fd);
	if (n < 0)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	crypto_hash_sha256_final(&sha, out);
	return 0;
}

int
sheet_read_csv(const struct plugin_reader *r, const char *path,
    const struct plugin_read_opts *o, struct sheet_text *t, struct error *e)
{
	struct plugin_rows sink = { &t->csv, 1, path, e };
	const char *name = NULL;

	memset(t, 0, sizeof *t);
	sbuf_init(&t->csv);
	sbuf_add(&t->csv, "", 0);
	if (sodium_init() < 0)
		return error_set(e, EXIT_ENV, "%s", tr("libsodium failed to initialise",
		    "libsodium 初始化失败"));
	if (r->read(path, o, &sink, &name, e) != 0) {
		if (e->code == 0)
			error_set(e, EXIT_USAGE, sheet_tr("%s: the %s reader failed",
			    "%s: %s 读取器出错"), path, r->ext);
		return -1;
	}
	t->sheet = xstrdup(name != NULL ? name : "");
	return sheet_hash(path, t->sha256, e);
}

void
sheet_text_free(struct sheet_text *t)
{
	sbuf_free(&t->csv);
	free(t->sheet);
	memset(t, 0, sizeof *t);
}
