/*
 * lint_lex.c - a Lua 5.4 lexer for pack lint: names, strings (their
 * contents, escapes and long brackets skipped), numerals and operators,
 * each with its line; comments and white space dropped.  It assumes a
 * chunk Lua has compiled, so it never reports errors.  The token helpers
 * below it skip a bracket, block or expression list, which is all the
 * scope tracker (lint_scan.c) needs of Lua's grammar.
 */
#include <string.h>

#include "lint_lex.h"
#include "util.h"

/* ---- the lexer ---- */

static const char *const lint_keywords[] = {
	"and", "break", "do", "else", "elseif", "end", "false", "for", "function",
	"goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then",
	"true", "until", "while", NULL
};

/* Operators of two or three characters, longest first. */
static const char *const lint_ops[] = {
	"...", "..", "==", "~=", "<=", ">=", "//", "::", "<<", ">>", NULL
};

/* Append a token; the token array grows as needed and is the lexer's. */
static void
lint_push(struct lint_lex *lx, enum lint_tk kind, const char *s, size_t len, int line)
{
	if (lx->n == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 256;
		lx->toks = xrealloc(lx->toks, lx->cap * sizeof *lx->toks);
	}
	lx->toks[lx->n++] = (struct lint_tok){ kind, s, len, line };
}

/* At '[': the level of a long bracket ([[ is 0, [==[ is 2), or -1. */
static int
lint_long_open(const struct lint_lex *lx)
{
	const char *q = lx->p + 1;

	while (q < lx->end && *q == '=')
		q++;
	return q < lx->end && *q == '[' ? (int)(q - lx->p - 1) : -1;
}

/* Does a closing long bracket of LEVEL start at q? */
static int
lint_long_close(const char *q, const char *end, int level)
{
	if (end - q < level + 2 || q[level + 1] != ']')
		return 0;
	for (int i = 1; i <= level; i++)
		if (q[i] != '=')
			return 0;
	return 1;
}

/* Skip a long bracket of LEVEL whose opening starts at lx->p; *body and
 * *blen get its contents. */
static void
lint_long_skip(struct lint_lex *lx, int level, const char **body, size_t *blen)
{
	const char *q = lx->p + level + 2;

	if (q < lx->end && *q == '\n')     /* a first newline is not content */
		q++, lx->line++;
	*body = q;
	for (; q < lx->end; q++) {
		if (*q == '\n')
			lx->line++;
		if (*q == ']' && lint_long_close(q, lx->end, level)) {
			*blen = (size_t)(q - *body);
			lx->p = q + level + 2;
			return;
		}
	}
	*blen = (size_t)(q - *body);
	lx->p = lx->end;
}

/* A quoted string at lx->p: escapes skipped, \z and escaped newlines
 * counted as lines. */
static void
lint_short_string(struct lint_lex *lx)
{
	char quote = *lx->p;
	const char *start = ++lx->p;
	int line = lx->line;

	while (lx->p < lx->end && *lx->p != quote && *lx->p != '\n') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end) {
			lx->p++;
			if (*lx->p == '\n')
				lx->line++;
			else if (*lx->p == 'z')   /* \z skips the white space after it */
				while (lx->p + 1 < lx->end && strchr(" \t\r\n", lx->p[1]))
					lx->line += *++lx->p == '\n';
		}
		lx->p++;
	}
	lint_push(lx, LINT_TK_STRING, start, (size_t)(lx->p - start), line);
	if (lx->p < lx->end)
		lx->p++;
}

/* A numeral at lx->p, decimal or hexadecimal, with its exponent sign. */
static void
lint_number(struct lint_lex *lx)
{
	const char *start = lx->p;

	while (lx->p < lx->end) {
		char c = *lx->p;

		if ((c == '+' || c == '-') && strchr("eEpP", lx->p[-1]) &&
		    !(start[0] == '0' && (start[1] == 'x' || start[1] == 'X') &&
		    (lx->p[-1] == 'e' || lx->p[-1] == 'E')))
			lx->p++;
		else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '.' || c == '_')
			lx->p++;
		else
			break;
	}
	lint_push(lx, LINT_TK_NUMBER, start, (size_t)(lx->p - start), lx->line);
}

/* May c start a name?  (Lua names are ASCII.) */
static int
lint_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* An operator or punctuation at lx->p, the longest that matches. */
static void
lint_operator(struct lint_lex *lx)
{
	size_t len = 1;

	for (int i = 0; lint_ops[i]; i++) {
		size_t k = strlen(lint_ops[i]);

		if ((size_t)(lx->end - lx->p) >= k && memcmp(lx->p, lint_ops[i], k) == 0) {
			len = k;
			break;
		}
	}
	lint_push(lx, LINT_TK_OP, lx->p, len, lx->line);
	lx->p += len;
}

/* One token (or a comment or white space) from lx->p. */
static void
lint_lex_one(struct lint_lex *lx)
{
	const char *body;
	size_t blen;
	char c = *lx->p;
	int level, line = lx->line;

	if (c == '\n') {
		lx->line++;
		lx->p++;
	} else if (strchr(" \t\r\f\v", c)) {
		lx->p++;
	} else if (c == '-' && lx->p + 1 < lx->end && lx->p[1] == '-') {
		lx->p += 2;
		if (lx->p < lx->end && *lx->p == '[' && (level = lint_long_open(lx)) >= 0)
			lint_long_skip(lx, level, &body, &blen);
		else
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
	} else if (c == '[' && (level = lint_long_open(lx)) >= 0) {
		lint_long_skip(lx, level, &body, &blen);
		lint_push(lx, LINT_TK_STRING, body, blen, line);
	} else if (c == '"' || c == '\'') {
		lint_short_string(lx);
	} else if ((c >= '0' && c <= '9') || (c == '.' && lx->p + 1 < lx->end &&
	    lx->p[1] >= '0' && lx->p[1] <= '9')) {
		lint_number(lx);
	} else if (lint_is_alpha(c)) {
		const char *start = lx->p;

		while (lx->p < lx->end && (lint_is_alpha(*lx->p) || (*lx->p >= '0' && *lx->p <= '9')))
			lx->p++;
		lint_push(lx, LINT_TK_NAME, start, (size_t)(lx->p - start), line);
	} else {
		lint_operator(lx);
	}
}

/* Tokenise TEXT; a leading #! line is skipped as Lua does. */
void
lint_lex(const char *text, size_t len, struct lint_lex *lx)
{
	memset(lx, 0, sizeof *lx);
	lx->p = text;
	lx->end = text + len;
	lx->line = 1;
	if (len > 0 && text[0] == '#')
		while (lx->p < lx->end && *lx->p != '\n')
			lx->p++;
	while (lx->p < lx->end)
		lint_lex_one(lx);
}

/* ---- token helpers ---- */

/* Is t the name, keyword or operator S?  Strings never are. */
int
lint_is(const struct lint_tok *t, const char *s)
{
	return t->kind != LINT_TK_STRING && t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

/* Is t a reserved word? */
static int
lint_keyword(const struct lint_tok *t)
{
	if (t->kind != LINT_TK_NAME)
		return 0;
	for (int i = 0; lint_keywords[i]; i++)
		if (lint_is(t, lint_keywords[i]))
			return 1;
	return 0;
}

/* A name usable as a variable: a NAME token that is no keyword. */
int
lint_var(const struct lint_tok *t)
{
	return t->kind == LINT_TK_NAME && !lint_keyword(t);
}

/* Can t join two operands into one expression? */
static int
lint_binop(const struct lint_tok *t)
{
	static const char *const ops[] = {
		"+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=",
		"&", "|", "~", "<<", ">>", "and", "or", NULL
	};

	for (int i = 0; ops[i]; i++)
		if (lint_is(t, ops[i]))
			return 1;
	return 0;
}

/* Does t open something a later token closes? */
int
lint_opens(const struct lint_tok *t)
{
	return lint_is(t, "(") || lint_is(t, "[") || lint_is(t, "{") || lint_is(t, "function") ||
	    lint_is(t, "do") || lint_is(t, "if") || lint_is(t, "repeat");
}

/* Does t close what lint_opens() opened? */
static int
lint_closes(const struct lint_tok *t)
{
	return lint_is(t, ")") || lint_is(t, "]") || lint_is(t, "}") || lint_is(t, "end") ||
	    lint_is(t, "until");
}

/* t[i] opens a bracket, function or block: the index past its close.  The
 * chunk compiled, so every opener has its closer. */
size_t
lint_skip_nest(const struct lint_tok *t, size_t n, size_t i)
{
	int depth = 0;

	for (; i < n; i++) {
		if (lint_opens(&t[i]))
			depth++;
		else if (lint_closes(&t[i]) && --depth == 0)
			return i + 1;
	}
	return n;
}

/* The index past the expression list that starts at t[i]. */
size_t
lint_expr_end(const struct lint_tok *t, size_t n, size_t i)
{
	int operand = 1;    /* an operand is expected next */

	while (i < n) {
		const struct lint_tok *k = &t[i];

		if (operand && (lint_is(k, "not") || lint_is(k, "-") || lint_is(k, "#") ||
		    lint_is(k, "~"))) {
			i++;
		} else if (operand && (lint_is(k, "function") || lint_is(k, "(") ||
		    lint_is(k, "{"))) {
			i = lint_skip_nest(t, n, i);
			operand = 0;
		} else if (operand && (k->kind != LINT_TK_OP || lint_is(k, "..."))) {
			if (lint_keyword(k) && !lint_is(k, "nil") && !lint_is(k, "true") &&
			    !lint_is(k, "false"))
				return i;
			i++;
			operand = 0;
		} else if (operand) {
			return i;
		} else if (lint_is(k, "(") || lint_is(k, "[") || lint_is(k, "{")) {
			i = lint_skip_nest(t, n, i);
		} else if (k->kind == LINT_TK_STRING) {
			i++;
		} else if (lint_is(k, ".") || lint_is(k, ":")) {
			i += 2;
		} else if (lint_binop(k) || lint_is(k, ",")) {
			i++;
			operand = 1;
		} else {
			return i;
		}
	}
	return n;
}
