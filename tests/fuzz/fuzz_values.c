/*
 * fuzz_values.c - fuzz target: the value parsers a spreadsheet cell goes
 * through (date.c's dates, model.c's numbers, hours, yes/no and words).
 * Whatever a parser accepts must come back in its canonical form, and
 * parsing that form again must give the same value.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"
#include "model.h"

/* The date parsers: accepted text round-trips through its ISO form. */
static void
fuzz_dates(const char *s)
{
	char day[11], again[11], month[8], md[6], in_year[11];

	if (date_parse(s, day) == 0) {
		if (strlen(day) != 10)
			abort();
		if (date_parse(day, again) != 0 || strcmp(day, again) != 0)
			abort();
		if (date_month(day) < 1 || date_month(day) > 12)
			abort();
	}
	if (date_parse_month(s, month) == 0 && strlen(month) != 7)
		abort();
	if (date_parse_month_day(s, md) == 0) {
		if (strlen(md) != 5)
			abort();
		date_in_year(2023, md, in_year);
		if (date_iso_days(in_year) < 0)
			abort();
	}
	(void)date_iso_days(s);
	(void)date_month(s);
	(void)date_year(s);
}

/* The number and word parsers of model.c. */
static void
fuzz_model(const char *s)
{
	long long n;
	long min;
	char *owned = NULL;

	if (model_parse_int(s, &n) == 0 && n == 0 && strchr(s, '0') == NULL)
		abort();
	if ((min = model_parse_minutes(s)) < -1 || min > 24 * 60)
		abort();
	if (model_parse_bool(s) < -1 || model_parse_bool(s) > 1)
		abort();
	(void)model_norm_org_kind(s);
	(void)model_norm_gender(s);
	(void)model_norm_membership(s);
	(void)model_norm_unit_kind(s);
	(void)model_norm_status(s);
	(void)model_norm_registration_kind(s);
	(void)model_norm_rating(s);
	if (model_norm_activity_kind(s, &owned) == NULL && owned != NULL)
		abort();
	free(owned);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);

	fuzz_dates(s);
	fuzz_model(s);
	free(s);
	return 0;
}
