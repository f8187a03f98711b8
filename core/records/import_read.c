/*
 * import_read.c - a record's cells read into typed values.
 *
 * Each cell is read as its column's type says (a date, a month, hours, a
 * yes/no, one of a fixed list, a word packs declare, an activity kind, or
 * a code naming an org, member, post or wish) and is reported when it is
 * not one.  Blank records are skipped; a malformed one ends the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "date.h"
#include "import.h"
#include "import_int.h"
#include "model.h"
#include "util.h"

/* What a reference column names, for messages: "community", "unit or
 * branch", "member", ... in the user's language, into buf. */
static const char *
import_noun(const struct record_col *col, char *buf, size_t n)
{
	size_t len = 0;

	switch (col->type) {
	case RECORD_T_MEMBER:
		return tr("member", "党员");
	case RECORD_T_POST:
		return tr("post", "岗位");
	case RECORD_T_WISH:
		return tr("wish", "微心愿");
	default:
		break;
	}
	if (col->kinds == RECORD_K_ANY)
		return tr("org", "组织");
	buf[0] = '\0';
	for (size_t i = 0; i < RECORD_NORGKINDS; i++) {
		if (!(col->kinds & (1u << i)) || len >= n)
			continue;
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s",
		    len ? tr(" or ", "或") : "",
		    util_lang_zh() ? record_org_kinds[i].zh : record_org_kinds[i].name);
	}
	return buf;
}

/* The name of an org kind bit in the user's language. */
static const char *
import_kind_name(unsigned bit)
{
	for (size_t i = 0; i < RECORD_NORGKINDS; i++)
		if (bit == 1u << i)
			return util_lang_zh() ? record_org_kinds[i].zh :
			    record_org_kinds[i].name;
	return "?";
}

static void
import_set_text(struct import_val *v, const char *s)
{
	v->type = SQLITE_TEXT;
	v->s = s;
}

static void
import_set_int(struct import_val *v, long long i)
{
	v->type = SQLITE_INTEGER;
	v->i = i;
}

/* Read an org, member, post or wish code into the id it names. */
static void
import_read_ref(struct import_run *r, int c, const char *code)
{
	const struct record_col *col = &r->k->cols[c];
	struct import_ref *ref = import_lookup(r, col->type, code);
	const char *hint;
	char noun[96];

	if (!ref->known && (hint = import_zeros_hint(r, col->type, ref)) != NULL)
		import_error(r, r->row, r->label[c], import_tr("unknown %s '%s' (Excel may have "
		    "dropped leading zeros: did you mean %s?)", "未知的%s '%s'（Excel 可能去掉了"
		    "开头的 0：是不是 %s？）"), import_noun(col, noun, sizeof noun), code, hint);
	else if (!ref->known)
		import_error(r, r->row, r->label[c], import_tr("unknown %s '%s'",
		    "未知的%s '%s'"), import_noun(col, noun, sizeof noun), code);
	else if (col->type == RECORD_T_ORG && ref->kind != 0 && !(ref->kind & col->kinds))
		import_error(r, r->row, r->label[c], import_tr("'%s' is a %s, not a %s",
		    "'%s' 是%s，不是%s"), code, import_kind_name(ref->kind),
		    import_noun(col, noun, sizeof noun));
	else {
		/* An org this file defines on a row that was rejected. */
		if (ref->id == 0)
			r->unwritable = 1;
		import_set_int(&r->val[c], ref->id);
	}
}

/* Read TEXT as a word of the vocabulary packs declare for column C. */
static void
import_read_word(struct import_run *r, int c, const char *text)
{
	const struct record_col *col = &r->k->cols[c];
	static const struct record_vocab none;
	const struct record_vocab *v = r->o->vocab != NULL ? r->o->vocab : &none;
	const char *word = record_vocab_find(v, r->k->name, col->name, text);
	char *words;

	if (word != NULL) {
		import_set_text(&r->val[c], word);
		return;
	}
	words = record_vocab_words(v, r->k->name, col->name);
	import_error(r, r->row, r->label[c], import_tr(
	    "unknown %s '%s'; accepted: %s (declared by %s)",
	    "%s '%s' 不在规则包声明的词表中；可用：%s（%s声明）"), col->name, text,
	    *words ? words : tr("none", "无"),
	    v->from == RECORD_FROM_INSTALLED ? tr("installed packs", "已安装的规则包") :
	    v->from == RECORD_FROM_PATH ? tr("the packs in the pack path",
	    "规则包路径中的规则包") : tr("the pack under test", "被测规则包"));
	free(words);
}

/* Byte B in each of a word's eight bytes. */
#define IMPORT_BYTES(b)	((uint64_t)(b) * 0x0101010101010101ULL)

/* Whether any byte of W is below 0x20 or is 0x7F: of the bytes below
 * 0x80, those whose top bit a subtraction sets, or which equal 0x7F. */
static int
import_has_control(uint64_t w)
{
	uint64_t del = w ^ IMPORT_BYTES(0x7F);

	return (((w - IMPORT_BYTES(0x20)) | (del - IMPORT_BYTES(0x01))) & ~w &
	    IMPORT_BYTES(0x80)) != 0;
}

/* The first control character in S (in a code, any; elsewhere, all but
 * tab and line breaks), or 0, at character *at; *len is S's length in
 * characters. */
static int
import_control(const char *s, int code, size_t *len, size_t *at)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	int bad = 0;

	*len = *at = 0;
	/* Eight bytes at a time while none is a control character (nor NUL):
	 * the characters are the bytes that do not continue one. */
	while (end - p >= 8) {
		uint64_t w, cont;

		memcpy(&w, p, 8);
		if (import_has_control(w))
			break;
		cont = w & ~(w << 1) & IMPORT_BYTES(0x80);
		*len += 8 - (size_t)__builtin_popcountll(cont);
		p += 8;
	}
	for (; p < end; p++) {
		if ((*p & 0xC0) != 0x80)
			(*len)++;
		if (bad == 0 && (*p < 0x20 || *p == 0x7F) &&
		    (code || (*p != '\t' && *p != '\n' && *p != '\r'))) {
			bad = *p;
			*at = *len;
		}
	}
	return bad;
}

/* Check TEXT for a text column C: its length, and no control characters
 * where they cannot belong. */
static void
import_read_text(struct import_run *r, int c, const char *text)
{
	const struct record_col *col = &r->k->cols[c];
	int code = (col->flags & RECORD_CODE) != 0;
	unsigned max = code ? RECORD_CODE_MAX : RECORD_TEXT_MAX;
	size_t len, at;
	int bad = import_control(text, code, &len, &at);

	if (bad != 0)
		import_error(r, r->row, r->label[c], import_tr(
		    "control character 0x%02X at character %zu", "控制字符 0x%02X（第 %zu 个字符）"),
		    bad, at);
	else if (len > max)
		import_error(r, r->row, r->label[c], import_tr(
		    "%zu characters, more than the %u allowed", "%zu 个字符，超过上限 %u"),
		    len, max);
	else
		import_set_text(&r->val[c], text);
}

/* Read TEXT (trimmed) as a value of column C, reporting what is wrong. */
static void
import_read(struct import_run *r, int c, const char *text)
{
	const struct record_col *col = &r->k->cols[c];
	struct import_val *v = &r->val[c];
	const char *s;
	long n;

	free(v->owned);
	v->owned = NULL;
	v->type = SQLITE_NULL;
	v->given = *text != '\0';
	if (!v->given) {
		if (col->flags & RECORD_REQ)
			import_error(r, r->row, r->label[c], "%s",
			    tr("empty required value", "必填项为空"));
		else if (col->dflt != NULL)
			import_read(r, c, col->dflt);
		else if (col->flags & RECORD_BLANK)
			import_set_text(v, "");
		v->given = 0;
		return;
	}
	switch (col->type) {
	case RECORD_T_TEXT:
		import_read_text(r, c, text);
		break;
	case RECORD_T_DATE:
		/* The schema keeps years 1000-2999; anything else is a typo. */
		if (date_parse(text, v->buf) == 0 && (v->buf[0] == '1' || v->buf[0] == '2'))
			import_set_text(v, v->buf);
		else
			import_error(r, r->row, r->label[c], import_tr("bad date '%s'",
			    "日期无效：'%s'"), text);
		break;
	case RECORD_T_MONTH:
		if (date_parse_month(text, v->buf) == 0 && (v->buf[0] == '1' || v->buf[0] == '2'))
			import_set_text(v, v->buf);
		else
			import_error(r, r->row, r->label[c], import_tr("bad month '%s'",
			    "年月无效：'%s'"), text);
		break;
	case RECORD_T_MINUTES:
		if ((n = model_parse_minutes(text)) >= 0)
			import_set_int(v, n);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad hours '%s' (0 to 24 hours, e.g. 2, 1.5, 7:59)",
			    "服务时间无效：'%s'（0 至 24 小时，如 2、1.5、7:59）"), text);
		break;
	case RECORD_T_BOOL:
		if ((n = model_parse_bool(text)) >= 0)
			import_set_int(v, n);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad yes/no '%s' (expected 是 or 否)",
			    "是否值无效：'%s'（应为 是 或 否）"), text);
		break;
	case RECORD_T_ENUM:
		if ((s = col->norm(text)) != NULL)
			import_set_text(v, s);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad value '%s' (expected %s)", "无效的值：'%s'（应为 %s）"),
			    text, col->accepted);
		break;
	case RECORD_T_VOCAB:
		import_read_word(r, c, text);
		break;
	case RECORD_T_ACTKIND:
		if ((s = model_norm_activity_kind(text, &v->owned)) != NULL)
			import_set_text(v, s);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad activity kind '%s' (expected service, public_welfare, "
			    "lecture, community_event, visit, ethnic_unity, theme_day, "
			    "good_deed, or a pack's own lower-case kind)",
			    "无效的活动类别：'%s'（应为 志愿服务、公益活动、宣讲、社区活动、"
			    "走访、民族团结、主题党日、好人好事，或规则包自定义的小写类别）"), text);
		break;
	default:
		import_read_ref(r, c, text);
		break;
	}
}

/* Read TEXT as the value of column C of the current row (import_cells). */
void
import_read_cell(struct import_run *r, int c, const char *text)
{
	import_read(r, c, text);
}

/* The trimmed text of column C in the current record; "" when the file or
 * this short row lacks it. */
const char *
import_cell(struct import_run *r, int c)
{
	if (r->pos[c] < 0 || (size_t)r->pos[c] >= r->rec.nfields)
		return "";
	return util_trim(r->rec.field[r->pos[c]]);
}

/*
 * Read every cell of the current record (trimmed by import_record())
 * into r->val, in file order so a row's errors come left to right.
 * Columns the file lacks read as empty (their defaults), and so do cells
 * a short row lacks; text past the last header is an error at its first
 * cell.
 */
void
import_read_row(struct import_run *r)
{
	char letters[8];
	size_t i;
	int c;

	r->unwritable = 0;
	for (c = 0; c < r->ncols; c++)
		if (r->pos[c] < 0)
			import_read(r, c, "");
	for (i = 0; i < r->nhead; i++) {
		const char *text = i < r->rec.nfields ? r->rec.field[i] : "";

		if (r->cellcol[i] >= 0)
			import_read(r, r->cellcol[i], text);
		else if (r->cellcol[i] == IMPORT_NOHEADER && *text != '\0' &&
		    !r->o->ignore_extra) {
			import_letters(i, letters);
			import_error(r, r->row, letters, "%s", tr(
			    "value in a column with no header", "该列没有表头，却有内容"));
		}
	}
	for (; i < r->rec.nfields; i++) {
		if (*r->rec.field[i] != '\0') {
			import_letters(i, letters);
			import_error(r, r->row, letters, "%s", tr(
			    "more fields than the header has", "字段比表头多"));
			break;
		}
	}
}

/* Trim every field of REC in place (its pointers move past leading
 * blanks), and say whether all of them are blank, as in the ",,,," rows
 * Excel writes below a table. */
static int
import_blank(struct csv_record *rec)
{
	int blank = 1;

	for (size_t i = 0; i < rec->nfields; i++) {
		rec->field[i] = util_trim(rec->field[i]);
		if (*rec->field[i] != '\0')
			blank = 0;
	}
	return blank;
}

/*
 * Read the next record that is not blank into r->rec, its fields
 * trimmed, noting where it starts.  A malformed record is reported and
 * ends the file, since nothing after it can be trusted.  Returns 1, 0 at the end, -1 on a bad record.
 */
int
import_record(struct import_run *r)
{
	struct error ce;	/* not zeroed whole: a kilobyte for each row */
	int rc;

	ce.code = 0;
	ce.msg[0] = '\0';

	do {
		r->at.off = csv_tell(&r->f);
		r->at.row = r->f.row;
		rc = csv_next(&r->f, &r->rec, &ce);
	} while (rc == 1 && import_blank(&r->rec));
	if (rc == -1) {
		import_keep(r, r->f.row, xstrdup(ce.msg));
		import_why(r, r->f.row, xstrdup(ce.msg));
	}
	r->row = r->f.row;
	return rc;
}
