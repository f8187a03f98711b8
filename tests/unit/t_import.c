/*
 * t_import.c - importing CSV files: headers, checks, idempotence, wishes.
 *
 * Each case gets a fresh database with the schema and writes its CSV files
 * next to it.  Messages are checked in English (the harness sets no LANG).
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import.h"
#include "migrate.h"
#include "test.h"
#include "util.h"

static struct db t_db;
static const char *t_dir;
static char *t_path;			/* the file last imported */
static struct import_stats t_st;
static struct import_errors t_errs;
static struct error t_err;
static struct record_vocab t_vocab;	/* the words "packs" declare */

/* A region to import members and records into. */
static const char t_orgs[] =
    "code,name,kind,parent,community\n"
    "P,江苏省,province,,\n"
    "S1,清河街道,street,P,\n"
    "C1,一号社区,community,S1,\n"
    "C2,二号社区,community,S1,\n"
    "U1,市财政局,unit,P,\n"
    "B1,财政局第一支部,branch,U1,C1\n";

static const char t_members[] =
    "id,name,unit,community\n"
    "M1,张三,U1,C1\n"
    "M2,李四,U1,C2\n"
    "M3,王五,B1,\n";

/* A fresh directory and database with the schema. */
static void
t_open(void)
{
	struct error e = { 0 };
	char *path;
	int applied;

	t_dir = test_tmpdir();
	path = xasprintf("%s/baodao.db", t_dir);
	if (!CHECK(db_open(&t_db, path, DB_CREATE, &e) == 0) ||
	    !CHECK(migrate_apply(&t_db, &applied, &e) == 0))
		fprintf(stderr, "%s\n", e.msg);
	free(path);
}

static void
t_close(void)
{
	db_close(&t_db);
	free(t_path);
	t_path = NULL;
	import_errors_free(&t_errs);
}

/* Write LEN bytes of DATA to NAME in the case's directory; t_path names it. */
static void
t_write(const char *name, const char *data, size_t len)
{
	FILE *f;

	free(t_path);
	t_path = xasprintf("%s/%s", t_dir, name);
	f = fopen(t_path, "wb");
	CHECK(f != NULL && fwrite(data, 1, len, f) == len);
	if (f != NULL)
		fclose(f);
}

/* Import t_path as KIND; the outcome is left in t_st, t_errs and t_err. */
static int
t_run(const char *kind, int dry_run, int ignore_extra)
{
	struct import_opts o = { .dry_run = dry_run, .ignore_extra = ignore_extra, .vocab = &t_vocab };

	import_errors_free(&t_errs);
	error_clear(&t_err);
	return import_file(&t_db, kind, t_path, &o, &t_st, &t_errs, &t_err);
}

/* Write TEXT as NAME and import it as KIND. */
static int
t_import(const char *kind, const char *name, const char *text)
{
	t_write(name, text, strlen(text));
	return t_run(kind, 0, 0);
}

/* The standard region and its members, imported. */
static void
t_region(void)
{
	CHECK_INT(t_import("orgs", "orgs.csv", t_orgs), 0);
	CHECK_INT(t_import("members", "members.csv", t_members), 0);
}

/* t_path followed by REST: what an error line should read. */
static const char *
t_want(const char *rest)
{
	static char buf[1024];

	snprintf(buf, sizeof buf, "%s%s", t_path, rest);
	return buf;
}

/* Error line I, or NULL when there are fewer. */
static const char *
t_line(size_t i)
{
	return i < t_errs.n ? t_errs.line[i] : NULL;
}

static long long
t_count(const char *table)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return db_int(&t_db, sql, -1);
}

/* A text from the database, copied into a static buffer; "" for none. */
static const char *
t_text(const char *sql)
{
	static char buf[512];
	sqlite3_stmt *st = NULL;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(t_db.h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, sizeof buf, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static void
t_orgs_forward_parent(void)
{
	t_open();
	CHECK_INT(t_import("orgs", "orgs.csv",
	    "代码,名称,类别,上级,结对社区\n"
	    "U1,市财政局,单位,P,C1\n"
	    "C1,一号社区,社区,S1,\n"
	    "S1,清河街道,街道,P,\n"
	    "P,江苏省,省,,\n"), 0);
	CHECK_INT(t_st.rows, 4);
	CHECK_INT(t_st.inserted, 4);
	CHECK_STR(t_text("SELECT p.code FROM org o JOIN org p ON p.id = o.parent_id"
	    " WHERE o.code = 'U1'"), "P");
	CHECK_STR(t_text("SELECT c.code FROM org o JOIN org c ON c.id = o.community_id"
	    " WHERE o.code = 'U1'"), "C1");
	CHECK_STR(t_text("SELECT kind FROM org WHERE code = 'S1'"), "street");
	CHECK_INT(t_count("audit"), 1);

	/* Written parents first, a duplicate is still the later row. */
	CHECK_INT(t_import("orgs", "dup.csv",
	    "code,name,kind,parent\n"
	    "X,甲单位,unit,Q\n"
	    "Y,乙单位,unit,P\n"
	    "X,丙单位,unit,P\n"
	    "Q,丁街道,street,\n"), -1);
	CHECK_INT(t_errs.n, 1);
	CHECK_STR(t_line(0), t_want(":4:code: duplicate of row 2"));
	CHECK_INT(t_count("org"), 4);
	t_close();
}

static void
t_orgs_cycle(void)
{
	t_open();
	CHECK_INT(t_import("orgs", "cycle.csv",
	    "code,name,kind,parent\n"
	    "A,甲街道,street,B\n"
	    "B,乙街道,street,A\n"
	    "C,丙社区,community,A\n"), -1);
	CHECK_INT(t_errs.n, 2);
	CHECK_STR(t_line(0), t_want(":2:parent: parent cycle through 'B'"));
	CHECK_STR(t_line(1), t_want(":3:parent: parent cycle through 'A'"));
	CHECK_STR(t_err.msg, t_want(": 2 rows rejected; nothing imported"));
	CHECK_INT(t_err.code, EXIT_USAGE);
	CHECK_INT(t_count("org"), 0);

	/* Through the database: S1's parent is P there. */
	CHECK_INT(t_import("orgs", "orgs.csv", t_orgs), 0);
	CHECK_INT(t_import("orgs", "up.csv",
	    "code,name,kind,parent\n"
	    "P,江苏省,province,S1\n"), -1);
	CHECK_STR(t_line(0), t_want(":2:parent: parent cycle through 'S1'"));
	CHECK_STR(t_text("SELECT parent_id IS NULL FROM org WHERE code = 'P'"), "1");
	t_close();
}

/* Convert UTF-8 TEXT to GB18030 and write it as NAME. */
static void
t_write_gb18030(const char *name, const char *text)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inlen = strlen(text), outlen = 4 * inlen;
	char *in = (char *)text, *buf = xmalloc(outlen), *out = buf;

	CHECK(cd != (iconv_t)-1);
	CHECK(iconv(cd, &in, &inlen, &out, &outlen) != (size_t)-1);
	iconv_close(cd);
	t_write(name, buf, (size_t)(out - buf));
	free(buf);
}

static void
t_members_gb18030(void)
{
	t_open();
	CHECK_INT(t_import("orgs", "orgs.csv", t_orgs), 0);
	t_write_gb18030("members.csv",
	    "党员编号,姓名,单位代码,性别,出生年月,入党时间,单位属性,报到社区,"
	    "是否愿意参加社区其他服务,领导干部\r\n"
	    "M1,张三,U1,男,1980年5月,2001.7,机关单位,C1,是,否\r\n"
	    "M2,李四,B1,女,1975/12,1999-06,事业,C2,否,是\r\n");
	CHECK_INT(t_run("members", 0, 0), 0);
	CHECK_INT(t_st.inserted, 2);
	CHECK_STR(t_text("SELECT name || birth || joined || unit_kind || willingness"
	    " FROM member WHERE code = 'M1'"), "张三1980-052001-07机关是");
	CHECK_STR(t_text("SELECT c.code FROM member m JOIN org c ON c.id = m.community_id"
	    " WHERE m.code = 'M2'"), "C2");
	CHECK_STR(t_text("SELECT leader || gender FROM member WHERE code = 'M2'"), "1女");
	t_close();
}

static void
t_members_bom(void)
{
	t_open();
	CHECK_INT(t_import("orgs", "orgs.csv", t_orgs), 0);
	/* Headers broken over lines, padded, and with full-width brackets. */
	CHECK_INT(t_import("members", "members.csv",
	    "\xEF\xBB\xBF" "编号,\" 姓　名 \",\"单位\n代码\",常住住址,"
	    "未报到的主要原因,ID_extra,\"本人\r\n联系电话\"\n"
	    "M1,张三,U1,清河路1号,出差,,\n"), -1);
	CHECK_STR(t_line(0), t_want(":1:ID_extra: unknown column"));
	CHECK_INT(t_errs.n, 1);
	CHECK_STR(t_err.msg, t_want(": bad header; nothing imported"));
	CHECK_INT(t_run("members", 0, 1), 0);
	CHECK_INT(t_st.inserted, 1);
	CHECK_STR(t_text("SELECT name || address || unreported_reason FROM member"),
	    "张三清河路1号出差");
	t_close();
}

static void
t_reimport_and_change(void)
{
	t_open();
	t_region();
	CHECK_INT(t_st.inserted, 3);
	CHECK_INT(t_count("audit"), 2);
	CHECK_STR(t_text("SELECT tbl || ' ' || inserted || ' ' || length(file_sha256)"
	    " FROM audit ORDER BY id DESC"), "members 3 64");

	CHECK_INT(t_import("members", "members.csv", t_members), 0);
	CHECK_INT(t_st.rows, 3);
	CHECK_INT(t_st.inserted, 0);
	CHECK_INT(t_st.updated, 0);
	CHECK_INT(t_st.unchanged, 3);
	CHECK_INT(t_count("audit"), 2);

	CHECK_INT(t_import("members", "members.csv",
	    "id,name,unit,community\n"
	    "M1,张三,U1,C1\n"
	    "M2,李四,U1,C1\n"
	    "M3,王五,B1,\n"), 0);
	CHECK_INT(t_st.inserted, 0);
	CHECK_INT(t_st.updated, 1);
	CHECK_INT(t_st.unchanged, 2);
	CHECK_INT(t_count("audit"), 3);

	/* A column the file lacks is left alone. */
	CHECK_INT(t_import("members", "names.csv", "id,name,unit\nM2,李四,U1\n"), 0);
	CHECK_INT(t_st.unchanged, 1);
	CHECK_STR(t_text("SELECT c.code FROM member m JOIN org c ON c.id = m.community_id"
	    " WHERE m.code = 'M2'"), "C1");
	t_close();
}

static void
t_two_bad_rows(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("activities", "act.csv",
	    "党员编号,年月日,类别,服务时间（小时）,服务社区,服务（活动）内容\n"
	    "M1,2024-05-01,志愿服务,2,C1,清扫楼道\n"
	    "M2,2024-13-01,service,2,C2,宣讲\n"
	    "M3,2024/5/3,lecture,1.5,C1,宣讲\n"
	    "M9,2024-05-04,service,2,C1,宣讲\n"), -1);
	CHECK_INT(t_errs.n, 2);
	CHECK_STR(t_line(0), t_want(":3:年月日: bad date '2024-13-01'"));
	CHECK_STR(t_line(1), t_want(":5:党员编号: unknown member 'M9'"));
	CHECK_STR(t_err.msg, t_want(": 2 rows rejected; nothing imported"));
	CHECK_INT(t_count("activity"), 0);
	CHECK_INT(t_count("audit"), 2);
	t_close();
}

static void
t_wrong_org_kind(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("members", "m.csv",
	    "id,name,unit,community\n"
	    "M4,赵六,C1,C1\n"
	    "M5,钱七,U1,U1\n"
	    "M6,孙八,U1,C9\n"), -1);
	CHECK_STR(t_line(0), t_want(":2:unit: 'C1' is a community, not a unit or branch"));
	CHECK_STR(t_line(1), t_want(":3:community: 'U1' is a unit, not a community"));
	CHECK_STR(t_line(2), t_want(":4:community: unknown community 'C9'"));
	CHECK_INT(t_count("member"), 3);
	t_close();
}

static void
t_hours(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("activities", "act.csv",
	    "member,date,kind,hours,content\n"
	    "M1,2024-05-01,service,7:59,a\n"
	    "M1,2024-05-02,service,1.5,b\n"), 0);
	CHECK_STR(t_text("SELECT group_concat(minutes, ' ') FROM"
	    " (SELECT minutes FROM activity ORDER BY date)"), "479 90");
	CHECK_INT(t_import("activities", "bad.csv",
	    "member,date,kind,hours\nM1,2024-05-01,service,25\n"), -1);
	CHECK_STR(t_line(0), t_want(":2:hours: bad hours '25' (0 to 24 hours, e.g. 2, 1.5, 7:59)"));
	t_close();
}

static void
t_duplicate(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("activities", "act.csv",
	    "member,date,kind,hours,community,content\n"
	    "M1,2024-05-01,service,2,C1,清扫\n"
	    "M2,2024-05-01,service,2,C1,清扫\n"
	    "M1,2024/5/1,志愿服务,3,C1,清扫\n"), -1);
	CHECK_INT(t_errs.n, 1);
	CHECK_STR(t_line(0), t_want(":4:member: duplicate of row 2"));
	CHECK_INT(t_count("activity"), 0);

	/* Rows there before, matched twice; rows inserted, after a match
	 * and a blank line, written again. */
	CHECK_INT(t_import("activities", "act.csv",
	    "member,date,kind,hours,community,content\n"
	    "M1,2024-05-01,service,2,C1,清扫\n"
	    "M2,2024-05-01,service,2,C1,清扫\n"), 0);
	CHECK_INT(t_import("activities", "act.csv",
	    "member,date,kind,hours,community,content\n"
	    "M1,2024-06-01,service,2,C1,清扫\n"
	    "M1,2024-05-01,service,2,C1,清扫\n"
	    "\n"
	    "M2,2024-06-01,service,2,C1,清扫\n"
	    "M2,2024-05-01,service,2,C1,清扫\n"
	    "M1,2024-05-01,service,3,C1,清扫\n"
	    "M2,2024-06-01,service,2,C1,清扫\n"
	    "M1,2024-06-01,service,2,C1,清扫\n"), -1);
	CHECK_INT(t_errs.n, 3);
	CHECK_STR(t_line(0), t_want(":7:member: duplicate of row 3"));
	CHECK_STR(t_line(1), t_want(":8:member: duplicate of row 5"));
	CHECK_STR(t_line(2), t_want(":9:member: duplicate of row 2"));
	CHECK_INT(t_count("activity"), 2);
	t_close();
}

static void
t_wishes(void)
{
	static const char head[] =
	    "编号,社区,居民点单,心愿内容,支部下单,下单支部,接单党员,党员接单,完成日期,评价\n";
	char *text;

	t_open();
	t_region();
	text = xasprintf("%s%s%s%s", head,
	    "W1,C1,2024-03-01,修水管,,,M1,2024-03-05,,\n",
	    "W2,C1,2024-03-01,买药,2024-03-02,B1,M1,2024-03-05,2024-03-04,\n",
	    "W3,C1,2024-03-01,读报,2024-03-02,,,,,优\n");
	CHECK_INT(t_import("wishes", "w.csv", text), -1);
	free(text);
	CHECK_STR(t_line(0), t_want(":2:党员接单: 党员接单 without 支部下单"));
	CHECK_STR(t_line(1), t_want(":3:完成日期: 完成日期 2024-03-04 is earlier than 党员接单 2024-03-05"));
	CHECK_STR(t_line(2), t_want(":4:支部下单: 支部下单 without 下单支部"));
	CHECK_STR(t_line(3), t_want(":4:评价: 评价 without 完成日期"));
	CHECK_INT(t_errs.n, 4);
	CHECK_INT(t_count("wish"), 0);

	text = xasprintf("%s%s", head,
	    "W2,C1,2024-03-01,买药,2024-03-02,B1,M1,2024-03-05,2024-03-06,优\n");
	CHECK_INT(t_import("wishes", "w.csv", text), 0);
	free(text);
	CHECK_INT(t_st.inserted, 1);
	CHECK_STR(t_text("SELECT group_concat(state || date, ' ') FROM"
	    " (SELECT * FROM wish_state ORDER BY step)"),
	    "ordered2024-03-01 dispatched2024-03-02 taken2024-03-05 done2024-03-06 rated2024-03-06");
	CHECK_STR(t_text("SELECT o.code || m.code || s.rating FROM wish_state s, org o, member m"
	    " WHERE o.id = (SELECT branch_id FROM wish_state WHERE step = 2)"
	    " AND m.id = (SELECT member_id FROM wish_state WHERE step = 3) AND s.step = 5"),
	    "B1M1优");
	CHECK_INT(t_run("wishes", 0, 0), 0);
	CHECK_INT(t_st.unchanged, 1);

	/* Every date later: the updates must not trip the order triggers. */
	text = xasprintf("%s%s", head,
	    "W2,C1,2024-04-01,买药,2024-04-02,B1,M1,2024-04-05,2024-04-06,良\n");
	CHECK_INT(t_import("wishes", "w.csv", text), 0);
	free(text);
	CHECK_INT(t_st.updated, 1);
	CHECK_STR(t_text("SELECT group_concat(date, ' ') FROM"
	    " (SELECT date FROM wish_state ORDER BY step)"),
	    "2024-04-01 2024-04-02 2024-04-05 2024-04-06 2024-04-06");
	t_close();
}

/* A wish's states re-imported earlier, a state the file leaves out, and a
 * branch or member named without its state. */
static void
t_wishes_again(void)
{
	static const char head[] = "id,community,ordered,dispatched,dispatcher,taker,taken,done,rating\n";
	char *text;

	t_open();
	t_region();
	text = xasprintf("%s%s", head,
	    "W1,C1,2024-05-01,2024-05-02,B1,M1,2024-05-03,2024-05-04,优\n");
	CHECK_INT(t_import("wishes", "w.csv", text), 0);
	free(text);
	text = xasprintf("%s%s", head, "W1,C1,2024-04-01,2024-04-02,B1,M1,2024-04-03,,\n");
	CHECK_INT(t_import("wishes", "w.csv", text), 0);
	free(text);
	CHECK_INT(t_st.updated, 1);
	CHECK_STR(t_text("SELECT group_concat(state || date, ' ') FROM"
	    " (SELECT * FROM wish_state ORDER BY step)"),
	    "ordered2024-04-01 dispatched2024-04-02 taken2024-04-03 done2024-05-04 rated2024-05-04");

	text = xasprintf("%s%s", head, "W2,C1,2024-04-01,,B1,M1,,,\n");
	CHECK_INT(t_import("wishes", "w.csv", text), -1);
	free(text);
	CHECK_STR(t_line(0), t_want(":2:dispatcher: dispatcher without dispatched"));
	CHECK_STR(t_line(1), t_want(":2:taker: taker without taken"));
	CHECK_INT(t_errs.n, 2);
	t_close();
}

static void
t_dry_run(void)
{
	t_open();
	CHECK_INT(t_import("orgs", "orgs.csv", t_orgs), 0);
	t_write("members.csv", t_members, strlen(t_members));
	CHECK_INT(t_run("members", 1, 0), 0);
	CHECK_INT(t_st.inserted, 3);
	CHECK_INT(t_count("member"), 0);
	CHECK_INT(t_count("audit"), 1);
	t_close();
}

static void
t_quoted_fields(void)
{
	t_open();
	t_region();
	/* Row 2 spans three lines; the bad date is on spreadsheet row 3. */
	CHECK_INT(t_import("activities", "act.csv",
	    "member,date,kind,hours,content,place\n"
	    "M1,2024-05-01,service,2,\"清扫楼道, 擦扶手\n"
	    "第二行 \"\"认真\"\"\n"
	    "第三行\",一号楼\n"
	    "M2,2024-02-30,service,2,x,y\n"), -1);
	CHECK_INT(t_errs.n, 1);
	CHECK_STR(t_line(0), t_want(":3:date: bad date '2024-02-30'"));

	CHECK_INT(t_import("activities", "act.csv",
	    "member,date,kind,hours,content,place\n"
	    "M1,2024-05-01,service,2,\"清扫楼道, 擦扶手\n第二行 \"\"认真\"\"\",一号楼\n"), 0);
	CHECK_STR(t_text("SELECT content || '|' || place FROM activity"),
	    "清扫楼道, 擦扶手\n第二行 \"认真\"|一号楼");
	t_close();
}

static void
t_header_errors(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("activities", "act.csv",
	    "member,date,日期,kind\n"), -1);
	CHECK_STR(t_line(0), t_want(":1:日期: same column as 'date' (date)"));
	CHECK_STR(t_line(1), t_want(":1:hours: missing required column"));
	CHECK_INT(t_errs.n, 2);

	CHECK_INT(t_import("activities", "empty.csv", ""), -1);
	CHECK_STR(t_err.msg, t_want(": empty file, no header row"));
	CHECK_INT(t_err.code, EXIT_USAGE);

	t_write("act.xlsx", "PK", 2);
	CHECK_INT(t_run("activities", 0, 0), -1);
	CHECK_STR(t_err.msg, t_want(": reading an xlsx workbook needs the xlsx plugin: it is not "
	    "loaded (see `baodao plugins`)"));
	CHECK_INT(t_err.code, EXIT_USAGE);
	t_close();
}

/* A form's title rows above the header are skipped and its 序号 column
 * ignored; rows keep the numbers the file gives them.  A row above the
 * header that is no title is the header, reported as one. */
static void
t_title_rows(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("orgs", "o.csv", "code,name,kind,parent\n008,三号社区,community,S1\n"), 0);
	CHECK_INT(t_import("activities", "form.csv", "党员活动登记表,,\n"
	    "单位：清河街道,,2024 年 3 月 5 日\n序号,member,date,kind,hours,community\n"
	    "1,M1,2024-13-01,service,1,C1\n2,M1,2024-03-01,service,1,8\n"), -1);
	CHECK_STR(t_line(0), t_want(":4:date: bad date '2024-13-01'"));
	CHECK_STR(t_line(1), t_want(":5:community: unknown community '8' (Excel may "
	    "have dropped leading zeros: did you mean 008?)"));
	CHECK_INT(t_errs.n, 2);
	CHECK_INT(t_import("activities", "form.csv", "标题\n序号,member,date,kind,hours,"
	    "community\n1,M1,2024-03-01,service,1,C1\n"), 0);
	CHECK_INT(t_st.inserted, 1);
	CHECK_INT(t_import("activities", "x.csv", "a,b\nmember,date\n"), -1);
	CHECK_STR(t_line(0), t_want(":1:a: unknown column"));
	CHECK_INT(t_import("activities", "t.csv", "标题\n\n"), -1);
	CHECK_STR(t_err.msg, t_want(": no header row below the title"));
	t_close();
}

static void
t_ragged_rows(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("breaches", "b.csv",
	    "member,date,kind,note\n"
	    "M1,2024-01-02,迟到,说明,多余\n"
	    "M2,2024-01-03\n"
	    "M3,2024-01-04,缺席\n"
	    ",,,\n"), -1);
	CHECK_STR(t_line(0), t_want(":2:E: more fields than the header has"));
	CHECK_STR(t_line(1), t_want(":3:kind: empty required value"));
	CHECK_INT(t_errs.n, 2);
	CHECK_INT(t_st.rows, 3);
	t_close();
}

static void
t_many_errors(void)
{
	struct sbuf b;

	t_open();
	t_region();
	sbuf_init(&b);
	sbuf_adds(&b, "member,date,kind,hours\n");
	for (int i = 0; i < 250; i++)
		sbuf_adds(&b, "M1,2024-05-01,service,abc\n");
	CHECK_INT(t_import("activities", "many.csv", b.s), -1);
	sbuf_free(&b);
	CHECK_INT(t_errs.n, 201);
	CHECK_STR(t_line(0), t_want(":2:hours: bad hours 'abc' (0 to 24 hours, e.g. 2, 1.5, 7:59)"));
	CHECK_STR(t_line(199), t_want(":201:hours: bad hours 'abc' (0 to 24 hours, e.g. 2, 1.5, 7:59)"));
	CHECK_STR(t_line(200), "... and 50 more errors");
	CHECK_STR(t_err.msg, t_want(": 250 rows rejected; nothing imported"));
	t_close();
}

static void
t_registrations_and_pairings(void)
{
	t_open();
	t_region();
	CHECK_INT(t_import("registrations", "r.csv",
	    "党员编号,报到社区,报到日期,报到类型,回执日期\n"
	    "M1,C1,2024-03-01,居住地,2024-03-05\n"
	    "M2,C2,2024-03-01,,2024-02-05\n"), -1);
	CHECK_STR(t_line(0), t_want(":3:回执日期: 回执日期 2024-02-05 is earlier than 报到日期 2024-03-01"));
	CHECK_INT(t_errs.n, 1);
	CHECK_INT(t_import("pairings", "p.csv",
	    "member,household,start,end\n"
	    "M1,张大爷,2024-01-01,2024-12-31\n"
	    "M2,李奶奶,2024-01-01,\n"), 0);
	CHECK_INT(t_st.inserted, 2);
	CHECK_INT(t_import("registrations", "r.csv",
	    "member,community,date\nM1,C1,2024-03-01\n"), 0);
	CHECK_STR(t_text("SELECT kind FROM registration"), "residence");
	t_close();
}

/* A column of pack-declared words takes the words of the vocabulary
 * handed in, by any declared spelling, and refuses others naming them. */
static void
t_vocab_words(void)
{
	t_open();
	t_region();
	t_vocab.from = RECORD_FROM_INSTALLED;
	record_vocab_add(&t_vocab, "org_events", "kind", "good_deed", NULL, "p");
	record_vocab_add(&t_vocab, "org_events", "kind", "good_deed", "实事好事", "p");
	record_vocab_add(&t_vocab, "org_events", "kind", "tree_planting", NULL, "q");
	CHECK_INT(t_import("org_events", "e.csv",
	    "org,date,kind\nB1,2024-03-12,tree_planting\nU1,2024-05-01,实事好事\n"), 0);
	CHECK_INT(t_st.inserted, 2);
	CHECK_STR(t_text("SELECT group_concat(kind) FROM (SELECT kind FROM org_event"
	    " ORDER BY date)"), "tree_planting,good_deed");
	CHECK_INT(t_import("org_events", "e.csv",
	    "org,date,类别\nB1,2024-04-01,good_deed\nB1,2024-04-02,four_lists\n"), -1);
	CHECK_STR(t_line(0), t_want(":3:类别: unknown kind 'four_lists'; accepted:"
	    " good_deed, tree_planting (declared by installed packs)"));
	CHECK_STR(t_text("SELECT count(*) FROM org_event"), "2");
	/* member_events declares nothing here */
	CHECK_INT(t_import("member_events", "m.csv",
	    "member,date,kind\nM1,2024-04-01,retire_notice\n"), -1);
	CHECK_STR(t_line(0), t_want(":2:kind: unknown kind 'retire_notice'; accepted:"
	    " none (declared by installed packs)"));
	record_vocab_free(&t_vocab);
	t_close();
}

void test_import(void);

void
test_import(void)
{
	test_case("import: orgs may name parents further down", t_orgs_forward_parent);
	test_case("import: org parent cycles", t_orgs_cycle);
	test_case("import: members in GB18030 with Chinese headers", t_members_gb18030);
	test_case("import: BOM, odd headers, unknown column, ignore_extra", t_members_bom);
	test_case("import: re-import and a changed cell", t_reimport_and_change);
	test_case("import: two bad rows, nothing written", t_two_bad_rows);
	test_case("import: org references of the wrong kind", t_wrong_org_kind);
	test_case("import: hours as minutes", t_hours);
	test_case("import: duplicate within a file", t_duplicate);
	test_case("import: wishes and the 三单制 order", t_wishes);
	test_case("import: wishes re-imported earlier, actors alone", t_wishes_again);
	test_case("import: dry run", t_dry_run);
	test_case("import: quoted fields and row numbers", t_quoted_fields);
	test_case("import: header errors, empty file, xlsx", t_header_errors);
	test_case("import: title rows, 序号", t_title_rows);
	test_case("import: long, short and blank rows", t_ragged_rows);
	test_case("import: errors past 200 are counted", t_many_errors);
	test_case("import: words packs declare", t_vocab_words);
	test_case("import: registrations and pairings", t_registrations_and_pairings);
}
