/*
 * t_record.c - the record-kind table: its entries are consistent, the help
 * and the man page are written from it (and doc/baodao.1 holds what it
 * writes), and vocabularies fold, merge and list their words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "test.h"
#include "util.h"

/* A header as matching compares it, roughly: ASCII in lower case. */
static void
t_lower(const char *s, char *out, size_t n)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < n; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	out[i] = '\0';
}

/* Whether header H (canonical or alias) means a column of K other than C. */
static int
t_other_col(const struct record_kind *k, int c, const char *h)
{
	char want[128], have[128];

	t_lower(h, want, sizeof want);
	for (int o = 0; k->cols[o].name != NULL; o++) {
		if (o == c)
			continue;
		t_lower(k->cols[o].name, have, sizeof have);
		if (strcmp(want, have) == 0)
			return 1;
		for (const char *const *a = k->cols[o].aliases; a && *a; a++) {
			t_lower(*a, have, sizeof have);
			if (strcmp(want, have) == 0)
				return 1;
		}
	}
	return 0;
}

static void
t_table(void)
{
	int n = record_nkinds();

	CHECK(n >= 12 && n < RECORD_MAXKINDS);
	for (int i = 0; i < n; i++) {
		const struct record_kind *k = &record_kinds[i];
		int ncols = record_ncols(k);

		CHECK(record_kind(k->name) == k);
		CHECK(record_kind_of_table(k->table) == k);
		CHECK(ncols > 0 && ncols < RECORD_MAXCOLS);
		CHECK(k->help != NULL && strncmp(k->help, k->name, strlen(k->name)) == 0);
		/* import's duplicate check names the key by column 0 */
		CHECK(k->cols[0].flags & RECORD_KEY);
		/* validate's date check and the facts sources read from the
		 * table find a row's subject and date among its key */
		if (k->dates != RECORD_DATES_NONE)
			CHECK(record_key_col(k, RECORD_T_MEMBER) >= 0 &&
			    record_key_col(k, RECORD_T_DATE) >= 0);
		for (int c = 0; c < ncols; c++)
			if (k->cols[c].flags & RECORD_FACT)
				CHECK(k->source != NULL && record_key_col(k, RECORD_T_DATE) >= 0 &&
				    (record_key_col(k, RECORD_T_MEMBER) >= 0 ||
				    record_key_col(k, RECORD_T_ORG) >= 0));
		for (int c = 0; c < ncols; c++) {
			const struct record_col *col = &k->cols[c];

			if (!CHECK(!t_other_col(k, c, col->name)))
				fprintf(stderr, "%s.%s: header taken twice\n", k->name, col->name);
			for (const char *const *a = col->aliases; a && *a; a++)
				if (!CHECK(!t_other_col(k, c, *a)))
					fprintf(stderr, "%s.%s: alias %s taken twice\n", k->name,
					    col->name, *a);
			CHECK(col->type != RECORD_T_ENUM || (col->norm && col->accepted));
			CHECK(col->type < RECORD_T_ORG || record_ref_kind(col->type) != NULL);
			CHECK(col->type != RECORD_T_ORG || col->kinds != 0);
			if (col->fixture != NULL && col->fixture[0] == '=')
				CHECK(record_col_index(k, col->fixture + 1) >= 0);
		}
	}
	CHECK(record_kind("sheep") == NULL);
	CHECK_INT(record_vocab_col(record_kind("org_events")), 2);
	CHECK_INT(record_vocab_col(record_kind("member_events")), 2);
	CHECK_INT(record_vocab_col(record_kind("activities")), -1);
	CHECK_INT(record_key_col(record_kind("org_events"), RECORD_T_ORG), 0);
	CHECK_INT(record_key_col(record_kind("pairings"), RECORD_T_DATE), 2);
	CHECK_INT(record_key_col(record_kind("wishes"), RECORD_T_DATE), -1);
	CHECK_STR(record_ref_kind(RECORD_T_ORG)->table, "org");
	CHECK(record_ref_kind(RECORD_T_TEXT) == NULL);
}

static void
t_kind_list(void)
{
	char buf[512];

	record_kind_list(buf, sizeof buf, ", ", " or ");
	CHECK(strncmp(buf, "orgs, members, registrations, ", 30) == 0);
	CHECK(strstr(buf, "breaches or member_events") != NULL);
}

/* What FN writes, as a string the caller frees. */
static char *
t_written(void (*fn)(FILE *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	fn(f);
	fclose(f);
	return text;
}

/* The help as declared: no translation. */
static void
t_record_help(FILE *f)
{
	record_help(f, NULL);
}

static void
t_help(void)
{
	char *help = t_written(t_record_help);

	for (const struct record_kind *k = record_kinds; k->name != NULL; k++) {
		char *line = xasprintf("  %s\n", k->help);

		if (!CHECK(strstr(help, line) != NULL))
			fprintf(stderr, "help lacks %s", line);
		free(line);
	}
	free(help);
}

/* doc/baodao.1 holds, between its markers, exactly what record_man()
 * writes; `make man` puts it there. */
static void
t_man_page(void)
{
	static const char begin[] = ".\\\" BEGIN RECORD KINDS (make man)\n";
	static const char end[] = ".\\\" END RECORD KINDS\n";
	struct error e = { 0 };
	size_t len;
	char *page = util_read_file("../../doc/baodao.1", &len, &e);
	char *want = t_written(record_man), *from, *to;

	if (!CHECK(page != NULL)) {
		free(want);
		return;
	}
	from = strstr(page, begin);
	to = from ? strstr(from, end) : NULL;
	if (CHECK(from != NULL && to != NULL)) {
		from += strlen(begin);
		*to = '\0';
		if (!CHECK_STR(from, want))
			fprintf(stderr, "doc/baodao.1 is stale: run make man\n");
	}
	free(page);
	free(want);
}

static void
t_vocab(void)
{
	struct record_vocab v = { 0 }, all = { 0 };
	char *words;

	CHECK(record_is_word("good_deed"));
	CHECK(record_is_word("a1"));
	CHECK(!record_is_word("Good"));
	CHECK(!record_is_word("1a"));
	CHECK(!record_is_word(""));
	CHECK(!record_is_word("好"));
	record_vocab_add(&v, "org_events", "kind", "theme_day", NULL, "p");
	record_vocab_add(&v, "org_events", "kind", "good_deed", NULL, "p");
	record_vocab_add(&v, "org_events", "kind", "good_deed", "实事好事", "p");
	record_vocab_add(&v, "member_events", "kind", "retire_notice", NULL, "q");
	CHECK_STR(record_vocab_find(&v, "org_events", "kind", " Good_Deed "), "good_deed");
	CHECK_STR(record_vocab_find(&v, "org_events", "kind", "实事好事"), "good_deed");
	CHECK(record_vocab_find(&v, "org_events", "kind", "retire_notice") == NULL);
	CHECK(record_vocab_find(&v, "org_events", "kind", "sheep") == NULL);
	words = record_vocab_words(&v, "org_events", "kind");
	CHECK_STR(words, "good_deed, theme_day");
	free(words);
	words = record_vocab_words(&v, "breaches", "kind");
	CHECK_STR(words, "");
	free(words);

	/* A union keeps each spelling once, the first declaration winning. */
	record_vocab_add(&all, "org_events", "kind", "good_deed", NULL, "other");
	record_vocab_merge(&all, &v);
	record_vocab_merge(&all, &v);
	CHECK_INT(all.n, v.n);
	CHECK_STR(all.w[0].pack, "other");
	record_vocab_free(&v);
	record_vocab_free(&all);
	CHECK(v.n == 0 && v.w == NULL);
}

void	test_record(void);

void
test_record(void)
{
	test_case("record: the kinds' table", t_table);
	test_case("record: kinds as a list", t_kind_list);
	test_case("record: import --help lists every kind", t_help);
	test_case("record: baodao(1) column table", t_man_page);
	test_case("record: vocabularies", t_vocab);
}
