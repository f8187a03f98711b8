/*
 * t_printable.c - tests for util_printable(): what a rule says reaches a
 * terminal and the database with its control characters and stray bytes
 * written as escapes, and everything else as it was.
 */
#include <stdlib.h>

#include "test.h"
#include "util.h"

static void
check_printable(const char *in, const char *want)
{
	char *got = util_printable(in);

	CHECK_STR(got, want);
	free(got);
}

static void
printable_escapes(void)
{
	check_printable(NULL, "");
	check_printable("", "");
	check_printable("plain 文字 emoji \xF0\x9F\x98\x80 ·—“”", "plain 文字 emoji \xF0\x9F\x98\x80 ·—“”");
	check_printable("\x1b[2J\x1b]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07");
	check_printable("bad\nbaodao: pack x: rule y: member M: forged",
	    "bad\\x0abaodao: pack x: rule y: member M: forged");
	check_printable("cr\rtab\tdel\x7f", "cr\\x0dtab\\x09del\\x7f");
	/* C1 controls (U+009B is CSI on some terminals) and bytes that are
	 * not UTF-8: a lone continuation, an overlong form, a surrogate. */
	check_printable("\xC2\x9B" "31m", "\\u009b31m");
	check_printable("\xC2\xA0nbsp", "\xC2\xA0nbsp");
	check_printable("\x9b" "31m", "\\x9b31m");
	check_printable("\xC0\xAF", "\\xc0\\xaf");
	check_printable("\xED\xA0\x80", "\\xed\\xa0\\x80");
	check_printable("cut \xE6\x96", "cut \\xe6\\x96");
}

void	test_printable(void);

void
test_printable(void)
{
	test_case("util_printable escapes controls and stray bytes", printable_escapes);
}
