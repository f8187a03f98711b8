/*
 * record-man.c - `make man`: write the table of import columns of
 * baodao(1) from the record-kind table (core/records/record.c).  The page keeps
 * the table between two comment lines; everything else is left as it is.
 * The unit tests (t_record.c) fail while the page and the table differ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "util.h"

static const char begin[] = ".\\\" BEGIN RECORD KINDS (make man)\n";
static const char end[] = ".\\\" END RECORD KINDS\n";

int
main(int argc, char **argv)
{
	struct error e = { 0 };
	size_t len;
	char *page, *from, *to;
	FILE *out;

	if (argc != 2) {
		fprintf(stderr, "usage: record-man PAGE\n");
		return 2;
	}
	if ((page = util_read_file(argv[1], &len, &e)) == NULL) {
		fprintf(stderr, "record-man: %s\n", e.msg);
		return 3;
	}
	from = strstr(page, begin);
	to = from ? strstr(from, end) : NULL;
	if (to == NULL) {
		fprintf(stderr, "record-man: %s: no BEGIN/END RECORD KINDS lines\n", argv[1]);
		free(page);
		return 3;
	}
	if ((out = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		free(page);
		return 3;
	}
	fwrite(page, 1, (size_t)(from - page) + strlen(begin), out);
	record_man(out);
	fputs(to, out);
	free(page);
	return fclose(out) == 0 ? 0 : 3;
}
