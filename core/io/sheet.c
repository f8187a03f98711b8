/*
 * sheet.c - the readers of files of rows, by extension (sheet.h).
 */
#include <string.h>
#include <strings.h>

#include "sheet.h"

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
