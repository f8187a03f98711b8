/*
 * t_pack.c - pack.conf, parameters in force, and the pack API's checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "pack.h"
#include "test.h"

void test_pack(void);

static struct error err;
static struct sandbox_limits lim = { 32 * 1024 * 1024, 1000000 };

static const char conf_head[] =
	"id = \"t\"\nname = \"test\"\nversion = \"1\"\nfiles = {\"rules.lua\"}\n";

static const char param_n[] =
	"parameter n {\n type = int\n default = \"2\"\n min = 0\n max = 10\n"
	" description = \"d\"\n clause = \"c\"\n since \"2024-01-01\" {\n  value = \"3\"\n }\n}\n";

static const char rule_ok[] =
	"fact \"services\" { count = \"activity\", where = { kind = \"service\" } }\n"
	"requirement \"t.services\" { title = \"t\", clause = \"c\",\n"
	"  check = function(m, f, p) return f.services >= p.n, f.services, p.n end }\n";

static void
write(const char *dir, const char *name, const char *text)
{
	char path[1300];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* A pack folder with pack.conf = conf_head + extra, rules.lua = lua. */
static const char *
make_pack(const char *extra, const char *lua)
{
	const char *dir = test_tmpdir();
	char *conf = xasprintf("%s%s", conf_head, extra);

	write(dir, "pack.conf", conf);
	write(dir, "rules.lua", lua);
	free(conf);
	return dir;
}

/* Load error text of a pack (info or Lua), "" when it loads. */
static const char *
load_error(const char *extra, const char *lua, const char *as_of)
{
	static char msg[1024];
	struct pack_info pi;
	struct facts_period per;
	struct pack p;

	error_clear(&err);
	facts_period_init(&per, 2024, as_of);
	if (pack_info_read(make_pack(extra, lua), &pi, &err) != 0) {
		snprintf(msg, sizeof msg, "%s", err.msg);
		return msg;
	}
	msg[0] = '\0';
	if (pack_load(&p, &pi, &lim, &per, &err) != 0)
		snprintf(msg, sizeof msg, "%s", err.msg);
	else
		pack_free(&p);
	pack_info_free(&pi);
	return msg;
}

static void
case_info(void)
{
	struct pack_info pi;

	error_clear(&err);
	CHECK(pack_info_read(make_pack(param_n, rule_ok), &pi, &err) == 0);
	CHECK_STR(pi.id, "t");
	CHECK_INT(pi.nparams, 1);
	CHECK_INT(pi.params[0].ndated, 1);
	CHECK_STR(pi.params[0].dated[0].from, "2024-01-01");
	CHECK_INT(strlen(pi.hash), 64);
	pack_info_free(&pi);
}

static void
case_hash_changes(void)
{
	struct pack_info a, b;
	const char *dir = make_pack(param_n, rule_ok);

	CHECK(pack_info_read(dir, &a, &err) == 0);
	write(dir, "rules.lua", "-- edited\n");
	CHECK(pack_info_read(dir, &b, &err) == 0);
	CHECK(strcmp(a.hash, b.hash) != 0);
	pack_info_free(&a);
	pack_info_free(&b);
}

static void
case_dated_param(void)
{
	struct pack_info pi;
	struct facts_period per;
	struct pack p;

	CHECK(pack_info_read(make_pack(param_n, rule_ok), &pi, &err) == 0);
	facts_period_init(&per, 2023, NULL);
	CHECK(pack_load(&p, &pi, &lim, &per, &err) == 0);
	CHECK_INT(p.param_values[0].i, 2);
	pack_free(&p);
	facts_period_init(&per, 2024, NULL);
	CHECK(pack_load(&p, &pi, &lim, &per, &err) == 0);
	CHECK_INT(p.param_values[0].i, 3);
	CHECK_INT(p.nreqs, 1);
	CHECK_INT(p.plan.n, 1);
	pack_free(&p);
	pack_info_free(&pi);
}

static void
case_conf_errors(void)
{
	CHECK(strstr(load_error("colour = \"red\"\n", rule_ok, NULL), "pack.conf:5:") != NULL);
	CHECK(strstr(load_error("api = 2\n", rule_ok, NULL), "needs Lua API level 2") != NULL);
	CHECK(strstr(load_error("parameter n {\n type = int\n default = \"11\"\n max = 10\n"
	    " description = \"d\"\n clause = \"c\"\n}\n", rule_ok, NULL),
	    "default '11' is not a valid int in range") != NULL);
	CHECK(strstr(load_error("parameter n {\n type = int\n default = \"1\"\n}\n", rule_ok,
	    NULL), "needs a description and a clause") != NULL);
	CHECK(strstr(load_error("parameter d {\n type = month_day\n default = \"02-30\"\n"
	    " description = \"d\"\n clause = \"c\"\n}\n", rule_ok, NULL), "not a valid") != NULL);
}

/* id, version and extends name folders: nothing that could step out. */
static void
case_conf_names(void)
{
	static const char *const bad_versions[] = { "../../x", "1.0/x", ".hidden", "1..2",
		"-1", "", "1 0", NULL };
	static const char head[] = "id = \"t\"\nname = \"test\"\nfiles = {\"rules.lua\"}\n";
	const char *dir;
	struct pack_info pi;

	for (int i = 0; bad_versions[i]; i++) {
		char *conf = xasprintf("%sversion = \"%s\"\n", head, bad_versions[i]);

		dir = test_tmpdir();
		write(dir, "pack.conf", conf);
		write(dir, "rules.lua", rule_ok);
		error_clear(&err);
		CHECK(pack_info_read(dir, &pi, &err) != 0);
		CHECK(strstr(err.msg, *bad_versions[i] ? "version '" :
		    "id, name and version are required") != NULL);
		free(conf);
	}
	dir = test_tmpdir();
	write(dir, "pack.conf", "id = \"t\"\nname = \"test\"\nversion = \"2.1.0-rc1+build_7\"\n");
	write(dir, "rules.lua", rule_ok);
	CHECK(pack_info_read(dir, &pi, &err) == 0);
	pack_info_free(&pi);
	CHECK(strstr(load_error("extends = \"../t\"\n", rule_ok, NULL),
	    "extends '../t' must be a pack id") != NULL);
	CHECK(strstr(load_error("extends = \"/etc\"\n", rule_ok, NULL),
	    "extends '/etc' must be a pack id") != NULL);
}

/* A declaration a pcall caught still fails the load, with its message
 * and the line that made it; nothing half-made is left to free. */
static void
case_pcall_declarations(void)
{
	static const char *const cases[][2] = {
		{ "pcall(function() requirement \"half.bad\" {} end)\n",
		  "rules.lua:4: requirement 'half.bad': title must be a non-empty string" },
		{ "pcall(requirement \"t.x\", { title = \"t\", clause = \"c\", level = \"x\","
		  " check = function() end })\n", "requirement 't.x': level is" },
		{ "pcall(requirement \"t.services\", { override = true, title = \"t\" })\n",
		  "requirement 't.services': clause must be" },
		{ "pcall(fact \"y\", { count = \"sheep\" })\n", "fact 'y': unknown record kind" },
		{ "pcall(check \"c\", { record = \"member\", title = \"t\", clause = \"c\","
		  " field = \"f\" })\n", "check 'c': test must be a function" },
		{ "pcall(form \"f\", { title = \"t\", clause = \"c\", rows = \"member\","
		  " columns = { {\"a\", function() end}, {\"b\", \"nope\"} } })\n",
		  "form 'f': column 'b': member has no field 'nope'" },
		{ "pcall(grade, { bands = { {\"a\", 0}, {\"b\", 0} } })\n",
		  "grade bands must rise" },
		{ "pcall(stars, { bands = { {\"7\", 0} } })\n", "stars bands are named 0 to 5" },
		{ "pcall(score, 1)\n", "bad argument" },
		{ "award(function() end) pcall(award, function() end)\n",
		  "award is already declared" },
		{ "pcall(requirement, {})\n", "a declaration needs a name" },
		/* One declaration may not start another while it is built. */
		{ "requirement \"t.o\" (setmetatable({ title = \"t\", clause = \"c\","
		  " check = function() end }, { __index = function(_, k) if k == \"reading\""
		  " then pcall(requirement \"t.i\", { title = \"t\", clause = \"c\","
		  " check = function() end }) end end }))\n",
		  "a declaration cannot be made while another is being made" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *lua = xasprintf("%s%s", rule_ok, cases[i][0]);
		const char *msg = load_error(param_n, lua, NULL);

		if (strstr(msg, cases[i][1]) == NULL)
			printf("case %zu: '%s' lacks '%s'\n", i, msg, cases[i][1]);
		CHECK(strstr(msg, cases[i][1]) != NULL);
		CHECK(strncmp(msg, "pack t: ", 8) == 0);
		free(lua);
	}
	/* Caught and then declared properly: the load still fails. */
	CHECK(strstr(load_error(param_n, "pcall(function() requirement \"t.a\" {} end)\n"
	    "requirement \"t.a\" { title = \"t\", clause = \"c\", check = function() return"
	    " true end }\n", NULL), "requirement 't.a': title must be") != NULL);
}

static void
case_lua_errors(void)
{
	CHECK_STR(load_error(param_n, rule_ok, NULL), "");
	CHECK(strstr(load_error(param_n, "requirement \"t.a\" { title = \"t\", claus = \"c\","
	    " check = function() return true end }\n", NULL),
	    "rules.lua:1: requirement 't.a': unknown key 'claus'") != NULL);
	CHECK(strstr(load_error(param_n, "requirement \"t.a\" { title = \"t\","
	    " check = function() return true end }\n", NULL),
	    "clause must be a non-empty string") != NULL);
	CHECK(strstr(load_error(param_n, "fact \"x\" { count = \"sheep\" }\n", NULL), "fact 'x': unknown record kind 'sheep'") != NULL);
	CHECK(strstr(load_error(param_n, "fact \"x\" { count = \"activity\", where = { colour = 1 } }\n",
	    NULL), "activity has no field 'colour'") != NULL);
	CHECK(strstr(load_error(param_n, "requirement \"T.A\" { title = \"t\", clause = \"c\","
	    " check = function() return true end }\n", NULL), "an id is PACK.NAME") != NULL);
	CHECK(strstr(load_error(param_n, "", NULL), "declares no requirement") != NULL);
	CHECK(strstr(load_error(param_n, "requirement \"t.a\" { title = \"t\", clause = \"c\","
	    " check = function() return true end }\nrequirement \"t.a\" { title = \"t\","
	    " clause = \"c\", check = function() return true end }\n", NULL),
	    "rules.lua:2: requirement 't.a' is already declared by pack t; add override = true") != NULL);
	CHECK(strstr(load_error(param_n, "grade { bands = { {\"差\", 0}, {\"好\", 80},"
	    " {\"一般\", 40} } }\n", NULL), "grade bands must rise") != NULL);
	CHECK(strstr(load_error(param_n, "grade { bands = { {\"差\", 0}, {\"好\", \"nope\"} } }\n",
	    NULL), "'nope' is not a numeric parameter") != NULL);
	CHECK(strstr(load_error(param_n, "this is not lua", NULL), "rules.lua:1:") != NULL);
}

/* A family of packs as sibling folders under one fresh directory. */
static const char *family;

static void
write_pack(const char *id, const char *conf, const char *lua)
{
	char dir[600];
	char *text;

	snprintf(dir, sizeof dir, "%s/%s", family, id);
	mkdir(dir, 0700);
	text = xasprintf("id = \"%s\"\nname = \"%s\"\nversion = \"1\"\n%s", id, id, conf);
	write(dir, "pack.conf", text);
	write(dir, "rules.lua", lua);
	free(text);
}

static const char parent_lua[] =
	"fact \"services\" { count = \"activity\" }\n"
	"requirement \"base.services\" { title = \"t\", clause = \"base 1\",\n"
	"  check = function(m, f, p) return f.services >= p.n end }\n"
	"requirement \"base.other\" { title = \"o\", clause = \"base 2\",\n"
	"  check = function() return true end }\n"
	"score(function() return 1 end)\n";

/* Load the family member ID; its error text, or "" and the pack in *out. */
static const char *
load_family(const char *id, struct pack_info *pi, struct pack *p)
{
	static char msg[1024];
	struct facts_period per;
	char dir[600];

	snprintf(dir, sizeof dir, "%s/%s", family, id);
	facts_period_init(&per, 2024, NULL);
	error_clear(&err);
	msg[0] = '\0';
	if (pack_info_read(dir, pi, &err) != 0) {
		snprintf(msg, sizeof msg, "%s", err.msg);
		return msg;
	}
	if (pack_load(p, pi, &lim, &per, &err) != 0) {
		snprintf(msg, sizeof msg, "%s", err.msg);
		pack_info_free(pi);
	}
	return msg;
}

static const char *
family_error(const char *id)
{
	struct pack_info pi;
	struct pack p;
	const char *m = load_family(id, &pi, &p);

	if (*m == '\0') {
		pack_free(&p);
		pack_info_free(&pi);
	}
	return m;
}

static void
case_extends(void)
{
	struct pack_info pi;
	struct pack p;

	family = test_tmpdir();
	write_pack("base", "reports = {\"results\", \"card\"}\n"
	    "parameter n {\n type = int\n default = \"2\"\n min = 0\n max = 9\n"
	    " description = \"d\"\n clause = \"base 1\"\n}\n", parent_lua);
	write_pack("city", "extends = \"base\"\nreports = {\"roll\"}\n"
	    "parameter n {\n override = true\n default = \"4\"\n}\n",
	    "requirement \"base.services\" { override = true, title = \"t2\","
	    " clause = \"city 3\", check = function(m, f, p) return f.services > p.n end }\n"
	    "requirement \"city.extra\" { title = \"x\", clause = \"city 4\","
	    " check = function() return false end }\n");
	CHECK_STR(load_family("city", &pi, &p), "");
	CHECK_INT(p.nreqs, 3);
	CHECK_STR(p.reqs[0].id, "base.services");       /* keeps its place */
	CHECK_STR(p.reqs[0].origin, "city");
	CHECK_STR(p.reqs[0].clause, "city 3");
	CHECK_STR(p.reqs[1].origin, "base");
	CHECK_STR(p.reqs[2].id, "city.extra");
	CHECK_INT(p.param_values[0].i, 4);
	CHECK_STR(pi.params[0].origin, "city");
	CHECK_STR(pi.params[0].description, "d");        /* inherited */
	CHECK(pi.params[0].has_max && pi.params[0].max == 9);
	CHECK_INT(pi.nreports, 3);
	CHECK(p.score_ref != LUA_NOREF);
	CHECK(pi.parent != NULL && strcmp(pi.hash, pi.parent->hash) != 0);
	pack_free(&p);
	pack_info_free(&pi);
}

static void
case_extends_errors(void)
{
	family = test_tmpdir();
	write_pack("base", "parameter n {\n type = int\n default = \"2\"\n"
	    " description = \"d\"\n clause = \"c\"\n}\n", parent_lua);
	write_pack("redef", "extends = \"base\"\n",
	    "requirement \"base.other\" { title = \"o\", clause = \"c\","
	    " check = function() return true end }\n");
	CHECK(strstr(family_error("redef"), "rules.lua:1: requirement 'base.other' is already"
	    " declared by pack base; add override = true") != NULL);
	write_pack("nothing", "extends = \"base\"\n",
	    "requirement \"base.nope\" { override = true, title = \"o\", clause = \"c\","
	    " check = function() return true end }\n");
	CHECK(strstr(family_error("nothing"), "requirement 'base.nope' overrides nothing") != NULL);
	write_pack("param", "extends = \"base\"\nparameter n {\n type = int\n"
	    " default = \"3\"\n description = \"d\"\n clause = \"c\"\n}\n", "");
	CHECK(strstr(family_error("param"), "parameter n is already declared by pack base;"
	    " say override = true") != NULL);
	write_pack("range", "extends = \"base\"\nparameter n {\n override = true\n"
	    " default = \"x\"\n}\n", "");
	CHECK(strstr(family_error("range"), "default 'x' is not a valid int") != NULL);
	write_pack("score", "extends = \"base\"\n", "score(function() return 2 end)\n");
	CHECK(strstr(family_error("score"), "score is already declared") != NULL);
	write_pack("fact", "extends = \"base\"\n", "fact \"services\" { count = \"claim\" }\n");
	CHECK(strstr(family_error("fact"), "fact 'services': is already declared") != NULL);
	write_pack("orphan", "extends = \"gone\"\n", "");
	CHECK(strstr(family_error("orphan"), "pack orphan extends 'gone', which is not"
	    " installed") != NULL);
	write_pack("a", "extends = \"b\"\n", "");
	write_pack("b", "extends = \"a\"\n", "");
	CHECK(strstr(family_error("a"), "inheritance cycle: a -> b -> a") != NULL);
	write_pack("self", "extends = \"self\"\n", "");
	CHECK(strstr(family_error("self"), "inheritance cycle") != NULL);
}

/* pack.conf vocabularies: read with their aliases, inherited, checked. */
static void
case_vocabulary(void)
{
	struct pack_info pi;
	char dir[600], *words;

	family = test_tmpdir();
	write_pack("base", "vocabulary \"org_events.kind\" {\n words = {\"report\"}\n"
	    " word good_deed { aliases = {\"实事好事\"} }\n}\n", "");
	write_pack("city", "extends = \"base\"\nvocabulary \"member_events.kind\" {\n"
	    " words = {\"tree_planting\"}\n}\nvocabulary \"org_events.kind\" {\n"
	    " words = {\"flag_raising\"}\n}\n", "");
	snprintf(dir, sizeof dir, "%s/city", family);
	error_clear(&err);
	if (CHECK(pack_info_read(dir, &pi, &err) == 0)) {
		words = record_vocab_words(&pi.vocab, "org_events", "kind");
		CHECK_STR(words, "flag_raising, good_deed, report");
		free(words);
		CHECK_STR(record_vocab_find(&pi.vocab, "org_events", "kind", "实事好事"),
		    "good_deed");
		CHECK_STR(record_vocab_find(&pi.vocab, "member_events", "kind", "Tree_Planting"),
		    "tree_planting");
		CHECK(record_vocab_find(&pi.vocab, "member_events", "kind", "report") == NULL);
		pack_info_free(&pi);
	}
	CHECK(strstr(load_error("vocabulary \"breaches.kind\" {\n words = {\"x\"}\n}\n",
	    "", NULL), "vocabulary breaches.kind: not a column whose words packs declare")
	    != NULL);
	CHECK(strstr(load_error("vocabulary \"org_events\" {\n words = {\"x\"}\n}\n",
	    "", NULL), "vocabulary org_events: not a column") != NULL);
	CHECK(strstr(load_error("vocabulary \"org_events.kind\" {\n words = {\"Good\"}\n}\n",
	    "", NULL), "vocabulary org_events.kind: 'Good' is not a lower-case word") != NULL);
	CHECK(strstr(load_error("vocabulary \"org_events.kind\" {\n word 好事 {}\n}\n",
	    "", NULL), "'好事' is not a lower-case word") != NULL);
}

/* A pack.conf that ends inside a string or a comment, and extends a
 * pack: read as libconfuse reads it (refused or accepted), the parent's
 * pack.conf included.  The lexer's state once leaked into the parent's
 * cfg_init(), which aborted on its own defaults (found by fuzz_pack_conf). */
static void
case_conf_unterminated(void)
{
	static const char *const tails[] = {
		"issuer = \"a\"\"b\n", "issuer = 'abc\n", "/* never closed\n",
		"parameter p {\n description = \"a\"\"b\n"
	};
	struct pack_info pi;
	char *conf, *dir;

	family = test_tmpdir();
	write_pack("base", "", parent_lua);
	dir = xasprintf("%s/child", family);
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		conf = xasprintf("extends = \"base\"\n%s", tails[i]);
		write_pack("child", conf, "");
		free(conf);
		error_clear(&err);
		if (pack_info_read(dir, &pi, &err) == 0) {
			CHECK(pi.parent != NULL && strcmp(pi.parent->id, "base") == 0);
			pack_info_free(&pi);
		} else {
			CHECK(strstr(err.msg, "pack.conf") != NULL);
		}
	}
	free(dir);
}

void
test_pack(void)
{
	test_case("pack: extends inherits, override replaces in place", case_extends);
	test_case("pack: inheritance errors", case_extends_errors);
	test_case("pack: vocabularies of pack.conf", case_vocabulary);
	test_case("pack: pack.conf read with parameters and hash", case_info);
	test_case("pack: the hash follows the files", case_hash_changes);
	test_case("pack: a dated parameter takes the value in force", case_dated_param);
	test_case("pack: pack.conf errors name file and line", case_conf_errors);
	test_case("pack: a pack.conf ending inside a string, extending a pack",
	    case_conf_unterminated);
	test_case("pack: declaration errors name the line", case_lua_errors);
	test_case("pack: id, version and extends are plain names", case_conf_names);
	test_case("pack: a declaration a pcall caught fails the load", case_pcall_declarations);
}
