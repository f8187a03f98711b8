/*
 * date.h - calendar dates as the records and the rules use them.
 *
 * A date is kept as an ISO string "YYYY-MM-DD" (so string order is date
 * order) or, inside C, as a day number (days since 1970-01-01, proleptic
 * Gregorian).  Month-precision dates (birth, joining the party: 出生年月,
 * 入党时间) are "YYYY-MM".  Nothing here reads the clock: the evaluation's
 * as-of date comes from the caller, so results never depend on when a
 * command runs.
 */
#ifndef BAODAO_DATE_H
#define BAODAO_DATE_H

struct lua_State;

/* Parse a day-precision date in any accepted form into out[11] "YYYY-MM-DD".
 * Forms: 2024-05-01, 2024-5-1, 2024/5/1, 2024.5.1, 20240501,
 * 2024年5月1日 (full-width digits too), and an Excel serial day number
 * (1 .. 2958465, a fractional time part ignored; 1900 leap-year bug
 * honoured as Excel does).  Surrounding blanks are ignored.  The day must
 * exist (no 2023-02-29).  Returns 0, or -1 when s is not such a date. */
int   date_parse(const char *s, char out[11]);

/* Parse a month-precision date ("YYYY-MM", "YYYY/M", "YYYY.M", "YYYY年M月",
 * or any full date, whose day is dropped) into out[8] "YYYY-MM". */
int   date_parse_month(const char *s, char out[8]);

/* Parse "MM-DD" (or "M-D", "M月D日") into out[6] "MM-DD"; 02-29 allowed. */
int   date_parse_month_day(const char *s, char out[6]);

/* Day numbers. */
int   date_valid(int y, int m, int d);
long  date_days(int y, int m, int d);               /* days since 1970-01-01 */
void  date_civil(long days, int *y, int *m, int *d);
long  date_iso_days(const char *iso);               /* -1 on a bad ISO date */
void  date_iso(long days, char out[11]);
void  date_today(char out[11]);                     /* local time */

/* The date MM-DD falls on in year y ("02-29" in a common year gives 02-28). */
void  date_in_year(int y, const char *month_day, char out[11]);

/* Month index 1..12 of an ISO date; 0 when malformed. */
int   date_month(const char *iso);
int   date_year(const char *iso);

/* Open the Lua module "date" (pure functions, see baodao-rules(7)) and leave
 * it on the stack. */
int   luaopen_date(struct lua_State *L);

#endif
