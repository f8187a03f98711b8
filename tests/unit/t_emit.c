/*
 * t_emit.c - tests for core/io/emit.c: each back end's bytes, the escaping
 * of each format, the refusals of misuse, a registered back end, FILE
 * output, and that the writer's escaping and numbers are byte for byte
 * those of the helpers it replaces (json_*, report_row, report_cell).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "test.h"

/* ---- the helpers as they were before emit.c, frozen as the reference ---- */

static void
old_json_str(struct sbuf *b, const char *s)
{
	if (s == NULL) {
		sbuf_adds(b, "null");
		return;
	}
	sbuf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		default:
			if (*p < 0x20)
				sbuf_addf(b, "\\u%04x", *p);
			else
				sbuf_addc(b, (char)*p);
			break;
		}
	}
	sbuf_addc(b, '"');
}

static void
old_json_num(struct sbuf *b, double v)
{
	if (!isfinite(v))
		sbuf_adds(b, "null");
	else if (v == floor(v) && fabs(v) < 9e15)
		sbuf_addf(b, "%lld", (long long)v);
	else
		sbuf_addf(b, "%.15g", v);
}

static void
old_report_cell(struct sbuf *b, const char *v, int md)
{
	if (v == NULL)
		v = "";
	if (md) {
		for (const char *p = v; *p; p++)
			if (*p == '|')
				sbuf_adds(b, "\\|");
			else if (*p == '\n')
				sbuf_addc(b, ' ');
			else
				sbuf_addc(b, *p);
		return;
	}
	if (strpbrk(v, ",\"\n\r") == NULL) {
		sbuf_adds(b, v);
		return;
	}
	sbuf_addc(b, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *p);
	}
	sbuf_addc(b, '"');
}

static void
old_report_row(struct sbuf *b, const char *const *cells, size_t n, int md)
{
	if (md)
		sbuf_adds(b, "| ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_adds(b, md ? " | " : ",");
		old_report_cell(b, cells[i], md);
	}
	sbuf_adds(b, md ? " |\n" : "\n");
}

/* Texts every output of baodao may carry: Chinese names, clauses with
 * punctuation, quotes, separators, line breaks, control characters. */
static const char *const corpus[] = {
	"", "a", "张三", "江苏省淮安市清江浦区", "第三条（一）", "a,b", "say \"hi\"",
	"\"", "\"\"", ",", "line1\nline2", "tab\there", "\x01\x02\x1f", "\x7f",
	"both, \"quoted\"\nand broken", "100%", "%s%d", " lead and trail ",
	"emoji \xF0\x9F\x98\x80", "·—“”‘’", "\xE3\x80\x80全角空格", "a|b", "||",
	"end\n", "\n", "=SUM(A1)", "{\"json\":1}", "null", "0", "-1.5",
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

/* Does the text avoid what md now escapes differently (a backslash, a CR,
 * HTML and link brackets)? */
static int
md_same(const char *s)
{
	return strpbrk(s, "\\\r<>&[]") == NULL;
}

/* Does the text avoid what csv now neutralises (a formula's first
 * character, unless the text is a plain number)? */
static int
csv_same(const char *s)
{
	return *s == '\0' || strchr("=+-@\t\r", *s) == NULL ||
	    (s[1] != '\0' && strspn(s + 1, "0123456789.") == strlen(s + 1));
}

/* The same bytes as before, in md (md != 0) or csv? */
static int
text_same(const char *s, int md)
{
	return md ? md_same(s) : csv_same(s);
}

/* ---- helpers ---- */

static struct error err;

static struct emit *
open_sbuf(struct sbuf *b, const char *format)
{
	error_clear(&err);
	sbuf_init(b);
	return emit_open_sbuf(b, format, &err);
}

static const char *
json_of(const char *s)
{
	static struct sbuf b;

	sbuf_free(&b);
	emit_json_str(&b, s);
	return b.s;
}

/* ---- escaping ---- */

static void
json_escaping(void)
{
	CHECK_STR(json_of(NULL), "null");
	CHECK_STR(json_of(""), "\"\"");
	CHECK_STR(json_of("a\"b\\c"), "\"a\\\"b\\\\c\"");
	CHECK_STR(json_of("\n\r\t"), "\"\\n\\r\\t\"");
	CHECK_STR(json_of("\x01\x1f\b\f"), "\"\\u0001\\u001f\\u0008\\u000c\"");
	CHECK_STR(json_of("\x7f/"), "\"\x7f/\"");
	CHECK_STR(json_of("党员 张三"), "\"党员 张三\"");
	CHECK_STR(json_of("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");
	CHECK_STR(json_of("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");     /* U+10FFFF */
	/* Invalid UTF-8: each bad byte becomes U+FFFD, the rest stays. */
	CHECK_STR(json_of("a\x80z"), "\"a\xEF\xBF\xBDz\"");
	CHECK_STR(json_of("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");      /* overlong */
	CHECK_STR(json_of("\xE0\x80\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	CHECK_STR(json_of("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); /* surrogate */
	CHECK_STR(json_of("\xF4\x90\x80\x80"),
	    "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");           /* > U+10FFFF */
	CHECK_STR(json_of("\xF5"), "\"\xEF\xBF\xBD\"");
	CHECK_STR(json_of("\xFF\xFE"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	CHECK_STR(json_of("中\xE4\xB8"), "\"中\xEF\xBF\xBD\xEF\xBF\xBD\"");   /* cut short */
	CHECK_STR(json_of("\xE4\xB8\"x"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\\\"x\"");
}

static const char *
num_of(double v)
{
	static struct sbuf b;

	sbuf_free(&b);
	emit_json_num(&b, v);
	return b.s;
}

static void
json_numbers(void)
{
	struct sbuf b;

	CHECK_STR(num_of(0), "0");
	CHECK_STR(num_of(-0.0), "0");
	CHECK_STR(num_of(3), "3");
	CHECK_STR(num_of(-12), "-12");
	CHECK_STR(num_of(2.5), "2.5");
	CHECK_STR(num_of(0.1), "0.1");
	CHECK_STR(num_of(1.0 / 3), "0.333333333333333");
	CHECK_STR(num_of(1e15), "1000000000000000");
	CHECK_STR(num_of(9e15), "9e+15");
	CHECK_STR(num_of(1e-7), "1e-07");
	CHECK_STR(num_of(NAN), "null");
	CHECK_STR(num_of(INFINITY), "null");
	CHECK_STR(num_of(-INFINITY), "null");
	sbuf_init(&b);
	emit_json_int(&b, -9223372036854775807LL - 1);
	CHECK_STR(b.s, "-9223372036854775808");
	sbuf_free(&b);
}

static const char *
cell_of(const char *s, int md)
{
	static struct sbuf b;

	sbuf_free(&b);
	sbuf_add(&b, "", 0);
	if (md)
		emit_md_cell(&b, s);
	else
		emit_csv_cell(&b, s);
	return b.s;
}

static void
cell_escaping(void)
{
	CHECK_STR(cell_of(NULL, 0), "");
	CHECK_STR(cell_of("", 0), "");
	CHECK_STR(cell_of("plain 文字", 0), "plain 文字");
	CHECK_STR(cell_of("a,b", 0), "\"a,b\"");
	CHECK_STR(cell_of("say \"hi\"", 0), "\"say \"\"hi\"\"\"");
	CHECK_STR(cell_of("two\nlines", 0), "\"two\nlines\"");
	CHECK_STR(cell_of("cr\r", 0), "\"cr\r\"");
	CHECK_STR(cell_of(" keep ", 0), " keep ");
	CHECK_STR(cell_of("a|b\\c", 0), "a|b\\c");
	CHECK_STR(cell_of(NULL, 1), "");
	CHECK_STR(cell_of("a|b", 1), "a\\|b");
	CHECK_STR(cell_of("a\nb\r\nc\rd", 1), "a b c d");
	CHECK_STR(cell_of("C:\\dir\\|", 1), "C:\\\\dir\\\\\\|");
	CHECK_STR(cell_of("a,\"b\"", 1), "a,\"b\"");
	CHECK_STR(cell_of("\x01", 1), "\x01");
}

/* Cells a spreadsheet or a Markdown renderer would run are written as
 * text (OWASP's CSV injection; HTML and links in md). */
static void
cell_injection(void)
{
	CHECK_STR(cell_of("=cmd|' /C calc'!A0", 0), "'=cmd|' /C calc'!A0");
	CHECK_STR(cell_of("+1+cmd", 0), "'+1+cmd");
	CHECK_STR(cell_of("-2+3+cmd|' /C calc'!A0", 0), "'-2+3+cmd|' /C calc'!A0");
	CHECK_STR(cell_of("@SUM(A1)", 0), "'@SUM(A1)");
	CHECK_STR(cell_of("\t=1", 0), "'\t=1");
	CHECK_STR(cell_of("\r=1", 0), "\"'\r=1\"");
	CHECK_STR(cell_of("=HYPERLINK(\"x\",\"y\")", 0), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
	CHECK_STR(cell_of("-", 0), "'-");
	CHECK_STR(cell_of("-4", 0), "-4");
	CHECK_STR(cell_of("+2.5", 0), "+2.5");
	CHECK_STR(cell_of("-1.2.3", 0), "'-1.2.3");
	CHECK_STR(cell_of("a=b", 0), "a=b");
	CHECK_STR(cell_of("<script>alert(1)</script>", 1),
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_STR(cell_of("[click](javascript:alert(1))", 1), "\\[click\\](javascript:alert(1))");
	CHECK_STR(cell_of("![i](javascript:x)", 1), "!\\[i\\](javascript:x)");
	CHECK_STR(cell_of("<javascript:alert(1)>", 1), "&lt;javascript:alert(1)&gt;");
	CHECK_STR(cell_of("a & b", 1), "a &amp; b");
}

static void
rows_escaping(void)
{
	const char *row[] = { "a", NULL, "", "x,y" };
	struct sbuf b;

	sbuf_init(&b);
	emit_csv_row(&b, row, 4);
	emit_md_row(&b, row, 4);
	CHECK_STR(b.s, "a,,,\"x,y\"\n| a |  |  | x,y |\n");
	sbuf_free(&b);
}

/* ---- byte for byte what the old helpers wrote ---- */

static void
same_as_old_json(void)
{
	static const double nums[] = { 0, 1, -1, 0.5, 2.25, 1.0 / 3, 100, 1e14, 8.9e15, 9e15,
	    -9e15, 1e300, 1e-300, 3.14159265358979, 12.5e3, 0.1 + 0.2, 7.0 / 9 * 1e8 };
	struct sbuf a, b;

	sbuf_init(&b);
	emit_json_str(&b, NULL);
	CHECK_STR(b.s, "null");
	sbuf_reset(&b);
	emit_json_int(&b, -1234567890123LL);
	CHECK_STR(b.s, "-1234567890123");
	sbuf_reset(&b);
	sbuf_free(&b);
	for (size_t i = 0; i < NCORPUS; i++) {
		sbuf_init(&a);
		sbuf_init(&b);
		old_json_str(&a, corpus[i]);
		emit_json_str(&b, corpus[i]);
		CHECK_STR(b.s, a.s);
		sbuf_reset(&b);
		emit_json_str(&b, corpus[i]);
		CHECK_STR(b.s, a.s);
		sbuf_free(&a);
		sbuf_free(&b);
	}
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		for (int sign = -1; sign <= 1; sign += 2) {
			sbuf_init(&a);
			sbuf_init(&b);
			old_json_num(&a, sign * nums[i]);
			emit_json_num(&b, sign * nums[i]);
			CHECK_STR(b.s, a.s);
			sbuf_free(&a);
			sbuf_free(&b);
		}
}

static void
same_as_old_rows(void)
{
	struct sbuf a, b;

	for (int md = 0; md <= 1; md++) {
		sbuf_init(&a);
		sbuf_init(&b);
		for (size_t i = 0; i < NCORPUS; i++) {
			if (!text_same(corpus[i], md))
				continue;
			old_report_cell(&a, corpus[i], md);
			(md ? emit_md_cell : emit_csv_cell)(&b, corpus[i]);
			sbuf_addc(&a, '/');
			sbuf_addc(&b, '/');
		}
		old_report_cell(&a, NULL, md);
		(md ? emit_md_cell : emit_csv_cell)(&b, NULL);
		/* Rows of 1 to 5 cells drawn from the corpus, with a NULL among them. */
		for (size_t i = 0; i + 5 <= NCORPUS; i++) {
			const char *cells[5] = { corpus[i], corpus[i + 1], NULL, corpus[i + 3],
			    corpus[i + 4] };

			if (!text_same(cells[0], md) || !text_same(cells[1], md) ||
			    !text_same(cells[3], md) || !text_same(cells[4], md))
				continue;
			for (size_t n = 1; n <= 5; n++) {
				old_report_row(&a, cells, n, md);
				(md ? emit_md_row : emit_csv_row)(&b, cells, n);
			}
		}
		CHECK_STR(b.s, a.s);
		sbuf_free(&a);
		sbuf_free(&b);
	}
	/* The writer's table rows are the same bytes as report_row's. */
	for (int md = 0; md <= 1; md++) {
		const char *cols[] = { "c1", "c2", "c3" };
		struct emit_table t = { .columns = cols, .ncolumns = 3 };
		struct emit *w = open_sbuf(&b, md ? "md" : "csv");

		sbuf_init(&a);
		old_report_row(&a, cols, 3, md);
		if (md)
			sbuf_adds(&a, "|---|---|---|\n");
		emit_begin_table(w, &t);
		for (size_t i = 0; i + 3 <= NCORPUS; i++) {
			if (!(text_same(corpus[i], md) && text_same(corpus[i + 1], md) &&
			    text_same(corpus[i + 2], md)))
				continue;
			old_report_row(&a, corpus + i, 3, md);
			emit_row(w, corpus + i, 3);
		}
		emit_end_table(w);
		CHECK_INT(emit_close(w), 0);
		CHECK_STR(b.s, a.s);
		sbuf_free(&a);
		sbuf_free(&b);
	}
}

/* ---- each back end, whole documents ---- */

static const char *const form_cols[] = { "姓名", "单位", "备注" };
static const char *const form_heading[] = { "依据 第三条; huaian 2015" };
static const char *const form_foot[] = { "填表人：", "审核人：" };

static struct emit_table
form_table(int foot)
{
	static const struct emit_member meta[] = {
		{ "form", { EMIT_STR, "ledger", 0, 0 } },
		{ "title", { EMIT_STR, "台帐", 0, 0 } },
		{ "clause", { EMIT_STR, "第三条", 0, 0 } },
		{ "pack", { EMIT_STR, "huaian", 0, 0 } },
		{ "year", { EMIT_INT, NULL, 2015, 0 } },
	};
	struct emit_table t = { "台帐", form_heading, 1, form_cols, 3, foot ? form_foot : NULL,
	    foot ? 2 : 0, meta, 5, "rows", NULL };

	return t;
}

/* The form of the table above with two rows, in format f. */
static char *
form_doc(const char *f, int foot)
{
	struct emit_table t = form_table(foot);
	const char *r1[] = { "张三", "第一支部", "a,b" }, *r2[] = { "李四", NULL, "x|\"y\"\nz" };
	struct sbuf b;
	struct emit *w = open_sbuf(&b, f);

	CHECK(w != NULL);
	CHECK_INT(emit_begin_table(w, &t), 0);
	CHECK_INT(emit_row(w, r1, 3), 0);
	CHECK_INT(emit_row(w, r2, 3), 0);
	CHECK_INT(emit_end_table(w), 0);
	CHECK_INT(emit_close(w), 0);
	return b.s;
}

static void
backend_csv(void)
{
	char *s = form_doc("csv", 1);

	CHECK_STR(s, "姓名,单位,备注\n张三,第一支部,\"a,b\"\n李四,,\"x|\"\"y\"\"\nz\"\n");
	free(s);
	s = form_doc("text", 1);
	CHECK_STR(s, "姓名,单位,备注\n张三,第一支部,\"a,b\"\n李四,,\"x|\"\"y\"\"\nz\"\n");
	free(s);
}

/* Title, heading and foot lines come from packs too: no HTML, no line. */
static void
md_lines_escaped(void)
{
	static const char *const head[] = { "<img src=x onerror=alert(1)>" };
	static const char *const foot[] = { "a & b\n# forged" };
	const char *cols[] = { "c" };
	struct emit_table t = { .title = "<script>x</script>", .heading = head, .nheading = 1,
	    .columns = cols, .ncolumns = 1, .foot = foot, .nfoot = 1, .rows_key = "rows" };
	struct sbuf b;
	struct emit *w = open_sbuf(&b, "md");

	emit_begin_table(w, &t);
	emit_end_table(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "# &lt;script&gt;x&lt;/script&gt;\n\n&lt;img src=x onerror=alert(1)&gt;\n\n"
	    "| c |\n|---|\n\na &amp; b # forged\n");
	sbuf_free(&b);
}

static void
backend_md(void)
{
	char *s = form_doc("md", 0);

	/* The same bytes form.c writes today for a form's markdown. */
	CHECK_STR(s, "# 台帐\n\n依据 第三条; huaian 2015\n\n| 姓名 | 单位 | 备注 |\n|---|---|---|\n"
	    "| 张三 | 第一支部 | a,b |\n| 李四 |  | x\\|\"y\" z |\n");
	free(s);
	s = form_doc("md", 1);
	CHECK(strstr(s, "| 李四 |  | x\\|\"y\" z |\n\n填表人：\n\n审核人：\n") != NULL);
	free(s);
	md_lines_escaped();
}

static void
backend_json_table(void)
{
	char *s = form_doc("json", 0);
	const char *cols[] = { "a" }, *r[] = { "1" };
	struct emit_table bare = { .columns = cols, .ncolumns = 1 };
	struct sbuf b;
	struct emit *w;

	/* The same bytes form.c writes today for a form's json. */
	CHECK_STR(s, "{\"form\":\"ledger\",\"title\":\"台帐\",\"clause\":\"第三条\",\"pack\":\"huaian\","
	    "\"year\":2015,\"rows\":[\n{\"姓名\":\"张三\",\"单位\":\"第一支部\",\"备注\":\"a,b\"},\n"
	    "{\"姓名\":\"李四\",\"单位\":null,\"备注\":\"x|\\\"y\\\"\\nz\"}\n]}\n");
	free(s);
	s = form_doc("json", 1);
	CHECK(strstr(s, "\n],\"foot\":[\"填表人：\",\"审核人：\"]}\n") != NULL);
	free(s);
	/* An empty form, and a bare table. */
	w = open_sbuf(&b, "json");
	emit_begin_table(w, &bare);
	CHECK_INT(emit_close(w), -1);      /* still open */
	CHECK_STR(b.s, "");
	sbuf_free(&b);
	w = open_sbuf(&b, "json");
	emit_begin_table(w, &bare);
	emit_end_table(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "[\n]\n");
	sbuf_free(&b);
	w = open_sbuf(&b, "json");
	emit_begin_table(w, &bare);
	emit_row(w, r, 1);
	emit_row(w, r, 1);
	emit_end_table(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "[\n{\"a\":\"1\"},\n{\"a\":\"1\"}\n]\n");
	sbuf_free(&b);
	/* A table as the value of a key. */
	w = open_sbuf(&b, "json");
	emit_begin_object(w);
	emit_kint(w, "n", 1);
	emit_key(w, "t");
	emit_begin_table(w, &bare);
	emit_row(w, r, 1);
	emit_end_table(w);
	emit_kbool(w, "ok", 1);
	emit_end_object(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "{\"n\":1,\"t\":[\n{\"a\":\"1\"}\n],\"ok\":true}\n");
	sbuf_free(&b);
}

static void
backend_json_tree(void)
{
	struct emit_scalar big = { EMIT_NUM, NULL, 0, 1.0 / 3 };
	struct sbuf b;
	struct emit *w = open_sbuf(&b, "json");

	CHECK(emit_trees(w));
	CHECK(!emit_prose(w));
	/* The layout of `report results --format json`: one subject a line. */
	emit_begin_array(w);
	for (int i = 0; i < 2; i++) {
		emit_break(w, 0);
		emit_begin_object(w);
		emit_kstr(w, "member_id", i ? "M2" : "M1");
		emit_key(w, "score");
		if (i)
			emit_null(w);
		else
			emit_num(w, 87.5);
		emit_key(w, "award_eligible");
		emit_bool(w, i);
		emit_key(w, "value");
		emit_raw(w, i ? "\"文字\"" : "3");
		emit_key(w, "target");
		emit_raw(w, NULL);
		emit_key(w, "requirements");
		emit_begin_array(w);
		emit_end_array(w);
		emit_key(w, "findings");
		emit_begin_array(w);
		emit_str(w, "r: x");
		emit_int(w, -4);
		emit_scalar(w, &big);
		emit_end_array(w);
		emit_end_object(w);
	}
	emit_break(w, 0);
	emit_end_array(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "[\n{\"member_id\":\"M1\",\"score\":87.5,\"award_eligible\":false,"
	    "\"value\":3,\"target\":null,\"requirements\":[],\"findings\":[\"r: x\",-4,"
	    "0.333333333333333]},\n{\"member_id\":\"M2\",\"score\":null,\"award_eligible\":true,"
	    "\"value\":\"文字\",\"target\":null,\"requirements\":[],\"findings\":[\"r: x\",-4,"
	    "0.333333333333333]}\n]\n");
	sbuf_free(&b);
	/* The layout of `pack test --json`: indented keys and elements. */
	w = open_sbuf(&b, "json");
	emit_begin_object(w);
	emit_kstr(w, "pack", "p");
	emit_break(w, 2);
	emit_key(w, "cases");
	emit_begin_array(w);
	emit_break(w, 4);
	emit_begin_object(w);
	emit_kint(w, "line", 3);
	emit_end_object(w);
	emit_break(w, 4);
	emit_begin_object(w);
	emit_end_object(w);
	emit_end_array(w);
	emit_break(w, 2);
	emit_kint(w, "passed", 1);
	emit_end_object(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "{\"pack\":\"p\",\n  \"cases\":[\n    {\"line\":3},\n    {}],\n"
	    "  \"passed\":1}\n");
	sbuf_free(&b);
	/* A scalar document; a break after a key is no break. */
	w = open_sbuf(&b, "json");
	emit_str(w, "只有一个");
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "\"只有一个\"\n");
	sbuf_free(&b);
	w = open_sbuf(&b, "json");
	emit_begin_object(w);
	emit_key(w, "k\"");
	emit_break(w, 3);
	emit_str(w, "v");
	emit_end_object(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "{\"k\\\"\":\"v\"}\n");
	sbuf_free(&b);
}

static void
backend_text(void)
{
	const char *cols[] = { "a", "b" }, *r[] = { "1", "x,y" };
	struct emit_table t = { "not written", NULL, 0, cols, 2, NULL, 0, NULL, 0, NULL, NULL };
	struct sbuf b;
	struct emit *w = open_sbuf(&b, "text");

	CHECK(!emit_trees(w));
	CHECK(emit_prose(w));
	emit_textf(w, "%s (%s) — %d\n", "张三", "M1", 2015);
	emit_begin_table(w, &t);
	emit_row(w, r, 2);
	emit_end_table(w);
	emit_text(w, "end\n");
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "张三 (M1) — 2015\na,b\n1,\"x,y\"\nend\n");
	sbuf_free(&b);
	/* md takes prose too, written as given. */
	w = open_sbuf(&b, "md");
	emit_text(w, "a | b\n");
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "a | b\n");
	sbuf_free(&b);
	/* Empty documents: nothing in csv, refused in json. */
	w = open_sbuf(&b, "csv");
	CHECK_INT(emit_close(w), 0);
	CHECK_INT(b.len, 0);
	sbuf_free(&b);
	w = open_sbuf(&b, "json");
	CHECK_INT(emit_close(w), -1);
	CHECK_INT(err.code, EXIT_ENV);
	CHECK_STR(err.msg, "emit: json: a json document needs a value");
	sbuf_free(&b);
}

/* ---- refusals ---- */

/* Run the steps of one misuse on format f; return the error message, with
 * the checks that the sbuf holds only what it held before open. */
static const char *
misuse(const char *f, void (*steps)(struct emit *w))
{
	static char msg[1024];
	struct sbuf b;
	struct emit *w;

	error_clear(&err);
	sbuf_init(&b);
	sbuf_adds(&b, "before|");
	w = emit_open_sbuf(&b, f, &err);
	steps(w);
	if (err.code != 0) {                          /* nothing after a refusal */
		CHECK_INT(emit_key(w, "late"), -1);
		CHECK_INT(emit_row(w, NULL, 0), -1);
		CHECK_INT(emit_text(w, "x"), -1);
		CHECK_INT(emit_break(w, 0), -1);
	}
	CHECK_INT(emit_close(w), -1);
	CHECK_INT(err.code, EXIT_ENV);
	CHECK_STR(b.s, "before|");
	sbuf_free(&b);
	snprintf(msg, sizeof msg, "%s", err.msg);
	return msg;
}

static const char *const cols2[] = { "a", "b" };
static const struct emit_table table2 = { .columns = cols2, .ncolumns = 2 };

static void
m_key_outside(struct emit *w)
{
	emit_begin_array(w);
	emit_key(w, "k");
}

static void
m_key_top(struct emit *w)
{
	emit_key(w, "k");
}

static void
m_value_for_key(struct emit *w)
{
	emit_begin_object(w);
	emit_str(w, "v");
}

static void
m_key_for_value(struct emit *w)
{
	emit_begin_object(w);
	emit_key(w, "a");
	emit_key(w, "b");
}

static void
m_dangling_key(struct emit *w)
{
	emit_begin_object(w);
	emit_key(w, "a");
	emit_end_object(w);
}

static void
m_wrong_close(struct emit *w)
{
	emit_begin_object(w);
	emit_end_array(w);
}

static void
m_close_nothing(struct emit *w)
{
	emit_end_object(w);
}

static void
m_left_open(struct emit *w)
{
	emit_begin_array(w);
	emit_begin_object(w);
	emit_kstr(w, "a", "b");
}

static void
m_two_values(struct emit *w)
{
	emit_int(w, 1);
	emit_int(w, 2);
}

static void
m_short_row(struct emit *w)
{
	const char *r[] = { "only" };

	emit_begin_table(w, &table2);
	emit_row(w, r, 1);
}

static void
m_long_row(struct emit *w)
{
	const char *r[] = { "1", "2", "3" };

	emit_begin_table(w, &table2);
	emit_row(w, r, 3);
}

static void
m_row_outside(struct emit *w)
{
	const char *r[] = { "1", "2" };

	emit_row(w, r, 2);
}

static void
m_value_in_table(struct emit *w)
{
	emit_begin_table(w, &table2);
	emit_str(w, "x");
}

static void
m_two_tables(struct emit *w)
{
	emit_begin_table(w, &table2);
	emit_end_table(w);
	emit_begin_table(w, &table2);
}

static void
m_tree(struct emit *w)
{
	emit_begin_object(w);
}

static void
m_prose(struct emit *w)
{
	emit_text(w, "words");
}

static void
m_prose_in_table(struct emit *w)
{
	emit_begin_table(w, &table2);
	emit_text(w, "words");
}

static void
m_no_columns(struct emit *w)
{
	struct emit_table t = { .title = "t" };

	emit_begin_table(w, &t);
}

static void
m_meta_without_rows_key(struct emit *w)
{
	static const char *const foot[] = { "f" };
	struct emit_table t = { .columns = cols2, .ncolumns = 2, .foot = foot, .nfoot = 1 };

	emit_begin_table(w, &t);
}

static void
m_bad_raw(struct emit *w)
{
	emit_begin_array(w);
	emit_raw(w, "1,\"x\"");
}

static void
m_end_table_open_object(struct emit *w)
{
	emit_begin_object(w);
	emit_end_table(w);
}

static void
m_bad_meta(struct emit *w)
{
	static const struct emit_member meta[] = { { "n", { EMIT_RAW, "1 2", 0, 0 } } };
	struct emit_table t = { .columns = cols2, .ncolumns = 2, .meta = meta, .nmeta = 1,
	    .rows_key = "rows" };

	emit_begin_table(w, &t);
}

static void
m_bad_break(struct emit *w)
{
	emit_break(w, -1);
}

static void
refusals(void)
{
	CHECK_STR(misuse("json", m_key_outside), "emit: json: key 'k' outside an object");
	CHECK_STR(misuse("json", m_key_top), "emit: json: key 'k' outside an object");
	CHECK_STR(misuse("json", m_value_for_key),
	    "emit: json: a scalar where an object's key is due");
	CHECK_STR(misuse("json", m_key_for_value), "emit: json: key 'b' where a value is due");
	CHECK_STR(misuse("json", m_dangling_key),
	    "emit: json: closing an object after a key without its value");
	CHECK_STR(misuse("json", m_wrong_close),
	    "emit: json: closing an array while an object is open");
	CHECK_STR(misuse("json", m_close_nothing),
	    "emit: json: closing an object while nothing is open");
	CHECK_STR(misuse("json", m_left_open),
	    "emit: json: document ended with 2 open, the innermost an object");
	CHECK_STR(misuse("json", m_two_values),
	    "emit: json: a scalar after the document's one value");
	CHECK_STR(misuse("csv", m_short_row), "emit: csv: a row of 1 cells in a table of 2 columns");
	CHECK_STR(misuse("md", m_long_row), "emit: md: a row of 3 cells in a table of 2 columns");
	CHECK_STR(misuse("json", m_long_row),
	    "emit: json: a row of 3 cells in a table of 2 columns");
	CHECK_STR(misuse("csv", m_row_outside), "emit: csv: a row outside a table");
	CHECK_STR(misuse("json", m_value_in_table), "emit: json: a scalar inside a table (rows only)");
	CHECK_STR(misuse("json", m_two_tables),
	    "emit: json: a table after the document's one value");
	CHECK_STR(misuse("csv", m_tree), "emit: csv: cannot hold an object (a table only)");
	CHECK_STR(misuse("md", m_tree), "emit: md: cannot hold an object (a table only)");
	CHECK_STR(misuse("text", m_tree), "emit: text: cannot hold an object (a table only)");
	CHECK_STR(misuse("json", m_prose), "emit: json: cannot hold prose");
	CHECK_STR(misuse("csv", m_prose), "emit: csv: cannot hold prose");
	CHECK_STR(misuse("md", m_prose_in_table), "emit: md: prose inside a table");
	CHECK_STR(misuse("csv", m_no_columns), "emit: csv: a table needs columns");
	CHECK_STR(misuse("json", m_meta_without_rows_key),
	    "emit: json: a table with members or foot lines needs a rows key");
	CHECK_STR(misuse("json", m_bad_raw), "emit: json: raw text is not one JSON scalar: 1,\"x\"");
	CHECK_STR(misuse("json", m_bad_meta),
	    "emit: json: member 1 of the table is not a key and a scalar");
	CHECK_STR(misuse("json", m_bad_break), "emit: json: a line break indented -1 spaces");
	CHECK_STR(misuse("json", m_end_table_open_object),
	    "emit: json: closing a table while an object is open");
}

static void
raw_scalars(void)
{
	static const char *const good[] = { "0", "-0", "12", "-3.25", "1e5", "2E-3", "0.5e+2",
	    "true", "false", "null", "\"\"", "\"a\\\"b\"", "\"\\u00e9\\n\"", "\"中文\"" };
	static const char *const bad[] = { "", "01", "1.", ".5", "+1", "1e", "NaN", "nan",
	    "True", "\"open", "\"a\"b\"", "\"\\x\"", "\"\\u12\"", "\"\x01\"", "\"\xC0\xAF\"",
	    "[1]", "{}", "1 ", " 1", "\"a\" " };

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!CHECK(emit_json_scalar_ok(good[i])))
			fprintf(stderr, "  good: %s\n", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (!CHECK(!emit_json_scalar_ok(bad[i])))
			fprintf(stderr, "  bad: %s\n", bad[i]);
	CHECK(!emit_json_scalar_ok(NULL));
}

/* ---- formats ---- */

/* A back end of a plugin: <table> rows as lines of tab-separated cells. */
static void
tsv_begin_doc(struct emit *w)
{
	sbuf_adds(emit_out(w), "<doc>\n");
	*(int *)emit_state(w) = 0;
}

static void
tsv_finish(struct emit *w, int ok)
{
	if (ok)
		sbuf_addf(emit_out(w), "</doc rows=%d>\n", *(int *)emit_state(w));
}

static void
tsv_begin_table(struct emit *w, const struct emit_table *t, const struct emit_at *at)
{
	sbuf_addf(emit_out(w), "<table %s>\n", t->title ? t->title : "");
}

static void
tsv_row(struct emit *w, const struct emit_table *t, const char *const *cells, size_t n,
    const struct emit_at *at)
{
	for (size_t i = 0; i < n; i++)
		sbuf_addf(emit_out(w), "%s%s", i ? "\t" : "", cells[i] ? cells[i] : "");
	sbuf_addc(emit_out(w), '\n');
	++*(int *)emit_state(w);
}

static void
tsv_end_table(struct emit *w, const struct emit_table *t, long rows)
{
	sbuf_addf(emit_out(w), "</table %ld>\n", rows);
}

static const struct emit_backend tsv_backend = {
	.state_size = sizeof(int),
	.begin_doc = tsv_begin_doc,
	.finish = tsv_finish,
	.begin_table = tsv_begin_table,
	.row = tsv_row,
	.end_table = tsv_end_table,
};

static void
registered_backend(void)
{
	static const struct emit_backend incomplete = { .flags = EMIT_TREES,
	    .begin_doc = tsv_begin_doc, .finish = tsv_finish, .begin_table = tsv_begin_table,
	    .row = tsv_row, .end_table = tsv_end_table };
	struct emit_table t = { .title = "T", .columns = cols2, .ncolumns = 2 };
	const char *r[] = { "1", NULL };
	struct sbuf b;
	struct emit *w;
	char *names;

	CHECK(!emit_format_known("tsv-test"));
	CHECK_INT(emit_register_backend("tsv-test", &tsv_backend), 0);
	CHECK_INT(emit_register_backend("tsv-test", &tsv_backend), -1);
	CHECK_INT(emit_register_backend("json", &tsv_backend), -1);
	CHECK_INT(emit_register_backend("tree-test", &incomplete), -1);
	CHECK_INT(emit_register_backend("", &tsv_backend), -1);
	CHECK(emit_format_known("tsv-test"));
	CHECK(!emit_format_known("tree-test"));
	names = emit_format_list();
	CHECK_STR(names, "text, csv, md, json, tsv-test");
	free(names);
	/* The caller's calls are the same as for any other format. */
	w = open_sbuf(&b, "tsv-test");
	CHECK(!emit_trees(w));
	emit_begin_table(w, &t);
	emit_row(w, r, 2);
	emit_row(w, cols2, 2);
	emit_end_table(w);
	CHECK_INT(emit_close(w), 0);
	CHECK_STR(b.s, "<doc>\n<table T>\n1\t\na\tb\n</table 2>\n</doc rows=2>\n");
	sbuf_free(&b);
	/* Unknown formats are the user's error. */
	error_clear(&err);
	sbuf_init(&b);
	CHECK(emit_open_sbuf(&b, "xlsx", &err) == NULL);
	CHECK_INT(err.code, EXIT_USAGE);
	CHECK(strstr(err.msg, "'xlsx'") != NULL && strstr(err.msg, "json") != NULL);
	error_clear(&err);
	CHECK(emit_open_file(stdout, NULL, &err) == NULL);
	CHECK_INT(err.code, EXIT_USAGE);
}

/* ---- FILE output ---- */

static void
file_output(void)
{
	char path[400], *text;
	const char *cols[] = { "n" };
	struct emit_table t = { .columns = cols, .ncolumns = 1 };
	size_t len;
	FILE *f;
	struct emit *w;
	int rows = 0;

	snprintf(path, sizeof path, "%s/out.csv", test_tmpdir());
	f = fopen(path, "w");
	error_clear(&err);
	w = emit_open_file(f, "csv", &err);
	emit_begin_table(w, &t);
	/* Enough rows for several chunks, then a misuse: the flushed chunks
	 * stay, the rest is dropped, never a malformed tail. */
	for (rows = 0; rows < 30000; rows++) {
		char cell[16];
		const char *c[] = { cell };

		snprintf(cell, sizeof cell, "%d", rows);
		emit_row(w, c, 1);
	}
	emit_row(w, cols, 2);
	CHECK_INT(emit_close(w), -1);
	fclose(f);
	text = util_read_file(path, &len, &err);
	CHECK(text != NULL && len >= 65536 && len < 168892 && text[len - 1] == '\n');
	CHECK(text != NULL && strncmp(text, "n\n0\n1\n", 6) == 0);
	free(text);
	/* A complete document reaches the file whole. */
	f = fopen(path, "w");
	error_clear(&err);
	w = emit_open_file(f, "json", &err);
	emit_begin_array(w);
	for (int i = 0; i < 20000; i++)
		emit_int(w, i);
	emit_end_array(w);
	CHECK_INT(emit_close(w), 0);
	fclose(f);
	text = util_read_file(path, &len, &err);
	CHECK(text != NULL && strncmp(text, "[0,1,2,", 7) == 0);
	CHECK(text != NULL && len > 7 && strcmp(text + len - 7, "19999]\n") == 0);
	free(text);
}

/* Several tables in one document where the back end has EMIT_TABLES:
 * csv and text with an empty line between, md with a blank line; json
 * refuses (it holds them as values of one object). */
static void
several_tables(void)
{
	static const char *const c1[] = { "a" }, *const c2[] = { "b", "c" };
	const struct emit_table t1 = { .title = "One", .columns = c1, .ncolumns = 1 };
	const struct emit_table t2 = { .title = "Two", .columns = c2, .ncolumns = 2 };
	const char *r1[] = { "1" }, *r2[] = { "2", "3" };
	static const char *const fmt[] = { "csv", "text", "md" };
	static const char *const want[] = {
		"a\n1\n\nb,c\n2,3\n",
		"a\n1\n\nb,c\n2,3\n",
		"# One\n\n| a |\n|---|\n| 1 |\n\n# Two\n\n| b | c |\n|---|---|\n| 2 | 3 |\n",
	};

	for (size_t i = 0; i < 3; i++) {
		struct sbuf b;
		struct emit *w = open_sbuf(&b, fmt[i]);

		CHECK(emit_tables(w));
		emit_begin_table(w, &t1);
		emit_row(w, r1, 1);
		emit_end_table(w);
		emit_begin_table(w, &t2);
		emit_row(w, r2, 2);
		emit_end_table(w);
		CHECK_INT(emit_close(w), 0);
		CHECK_STR(b.s, want[i]);
		sbuf_free(&b);
	}
}

/* The same calls, the same bytes. */
static void
deterministic(void)
{
	char *a = form_doc("json", 1), *b = form_doc("json", 1);

	CHECK_STR(a, b);
	free(a);
	free(b);
	a = form_doc("md", 1);
	b = form_doc("md", 1);
	CHECK_STR(a, b);
	free(a);
	free(b);
}

void test_emit(void);

void
test_emit(void)
{
	test_case("emit: json escaping and invalid UTF-8", json_escaping);
	test_case("emit: json numbers", json_numbers);
	test_case("emit: csv and md cells", cell_escaping);
	test_case("emit: csv and md cells cannot be injected", cell_injection);
	test_case("emit: csv and md rows", rows_escaping);
	test_case("emit: json_* output unchanged", same_as_old_json);
	test_case("emit: report_row output unchanged", same_as_old_rows);
	test_case("emit: csv and text tables", backend_csv);
	test_case("emit: md tables", backend_md);
	test_case("emit: json tables", backend_json_table);
	test_case("emit: json trees and layout", backend_json_tree);
	test_case("emit: prose and empty documents", backend_text);
	test_case("emit: misuse is refused", refusals);
	test_case("emit: several tables in one document", several_tables);
	test_case("emit: raw json scalars", raw_scalars);
	test_case("emit: a registered back end", registered_backend);
	test_case("emit: FILE output", file_output);
	test_case("emit: deterministic", deterministic);
}
