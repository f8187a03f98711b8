/*
 * lint.c - `baodao pack lint`: a Lua lexer and scope tracker that finds a
 * chunk's free names, parameter reads and band tables, and the checks
 * that judge them against the sandbox, pack.conf and the pack's tests.
 *
 * The scanner works on a token array.  One stack holds every open nest:
 * brackets, function bodies and blocks, each remembering how many locals
 * were visible when it opened, so closing it forgets its locals.  Locals
 * of `local x = e` become visible only after e, found by skipping the
 * expression list ahead (lint_expr_end()), because e still sees the
 * outer x.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "date.h"
#include "facts.h"
#include "lint.h"
#include "pack.h"
#include "regex.h"
#include "sandbox.h"

/* ---- the lexer ---- */

enum lint_tk { TK_NAME, TK_STRING, TK_NUMBER, TK_OP };

struct lint_tok {
	enum lint_tk kind;
	const char *s;        /* into the text; a string's contents, unquoted */
	size_t len;
	int line;
};

struct lint_lex {
	const char *p, *end;
	int line;
	struct lint_tok *toks;
	size_t n, cap;
};

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
	lint_push(lx, TK_STRING, start, (size_t)(lx->p - start), line);
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
	lint_push(lx, TK_NUMBER, start, (size_t)(lx->p - start), lx->line);
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
	lint_push(lx, TK_OP, lx->p, len, lx->line);
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
		lint_push(lx, TK_STRING, body, blen, line);
	} else if (c == '"' || c == '\'') {
		lint_short_string(lx);
	} else if ((c >= '0' && c <= '9') || (c == '.' && lx->p + 1 < lx->end &&
	    lx->p[1] >= '0' && lx->p[1] <= '9')) {
		lint_number(lx);
	} else if (lint_is_alpha(c)) {
		const char *start = lx->p;

		while (lx->p < lx->end && (lint_is_alpha(*lx->p) || (*lx->p >= '0' && *lx->p <= '9')))
			lx->p++;
		lint_push(lx, TK_NAME, start, (size_t)(lx->p - start), line);
	} else {
		lint_operator(lx);
	}
}

/* Tokenise TEXT; a leading #! line is skipped as Lua does. */
static void
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
static int
lint_is(const struct lint_tok *t, const char *s)
{
	return t->kind != TK_STRING && t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

/* Is t a reserved word? */
static int
lint_keyword(const struct lint_tok *t)
{
	if (t->kind != TK_NAME)
		return 0;
	for (int i = 0; lint_keywords[i]; i++)
		if (lint_is(t, lint_keywords[i]))
			return 1;
	return 0;
}

/* A name usable as a variable: a NAME token that is no keyword. */
static int
lint_var(const struct lint_tok *t)
{
	return t->kind == TK_NAME && !lint_keyword(t);
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
static int
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
static size_t
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
static size_t
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
		} else if (operand && (k->kind != TK_OP || lint_is(k, "..."))) {
			if (lint_keyword(k) && !lint_is(k, "nil") && !lint_is(k, "true") &&
			    !lint_is(k, "false"))
				return i;
			i++;
			operand = 0;
		} else if (operand) {
			return i;
		} else if (lint_is(k, "(") || lint_is(k, "[") || lint_is(k, "{")) {
			i = lint_skip_nest(t, n, i);
		} else if (k->kind == TK_STRING) {
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

/* ---- the scope tracker ---- */

struct lint_name {
	const char *s;
	size_t len;
};

struct lint_nest {
	char kind;            /* ( [ { , F function body, B block */
	size_t base;          /* locals visible when it opened */
	size_t close_at;      /* repeat: the token index past the until condition */
};

/* Locals waiting for the end of their statement (or for a for's do). */
struct lint_pending {
	struct lint_name name;
	size_t at;            /* token index at which it becomes visible */
	size_t depth;         /* for variables: the nest depth of their for */
	int for_var;
};

struct lint_walk {
	const struct lint_tok *t;
	size_t n;
	struct lint_name *locals;
	size_t nlocals, caplocals;
	struct lint_nest *nests;
	size_t nnests, capnests;
	struct lint_pending *pending;
	size_t npending, cappending;
	int fndepth;
	struct lint_scan *out;
};

/* Make the name of t a visible local (t's text must outlive the walk). */
static void
lint_declare(struct lint_walk *w, const struct lint_tok *t)
{
	if (w->nlocals == w->caplocals) {
		w->caplocals = w->caplocals ? w->caplocals * 2 : 32;
		w->locals = xrealloc(w->locals, w->caplocals * sizeof *w->locals);
	}
	w->locals[w->nlocals++] = (struct lint_name){ t->s, t->len };
}

/* Is the name of t a visible local? */
static int
lint_is_local(const struct lint_walk *w, const struct lint_tok *t)
{
	for (size_t i = w->nlocals; i-- > 0;)
		if (w->locals[i].len == t->len && memcmp(w->locals[i].s, t->s, t->len) == 0)
			return 1;
	return 0;
}

/* Open a nest of KIND: a bracket, a function body (F) or a block (B). */
static void
lint_open(struct lint_walk *w, char kind)
{
	if (w->nnests == w->capnests) {
		w->capnests = w->capnests ? w->capnests * 2 : 32;
		w->nests = xrealloc(w->nests, w->capnests * sizeof *w->nests);
	}
	w->nests[w->nnests++] = (struct lint_nest){ kind, w->nlocals, (size_t)-1 };
	if (kind == 'F')
		w->fndepth++;
}

/* Close the innermost nest; its locals go out of scope. */
static void
lint_close(struct lint_walk *w)
{
	if (w->nnests == 0)
		return;
	w->nnests--;
	w->nlocals = w->nests[w->nnests].base;
	if (w->nests[w->nnests].kind == 'F')
		w->fndepth--;
}

/* A local that becomes visible at token AT, or, for a for variable, at
 * its loop's do. */
static void
lint_defer(struct lint_walk *w, const struct lint_tok *t, size_t at, int for_var)
{
	if (w->npending == w->cappending) {
		w->cappending = w->cappending ? w->cappending * 2 : 16;
		w->pending = xrealloc(w->pending, w->cappending * sizeof *w->pending);
	}
	w->pending[w->npending++] = (struct lint_pending){ { t->s, t->len }, at, w->nnests,
	    for_var };
}

/* Make visible the locals whose statement ends at token index i, and end
 * the repeat blocks whose condition ends there. */
static void
lint_settle(struct lint_walk *w, size_t i)
{
	while (w->npending > 0 && !w->pending[w->npending - 1].for_var &&
	    w->pending[w->npending - 1].at <= i) {
		struct lint_name nm = w->pending[--w->npending].name;
		struct lint_tok t = { TK_NAME, nm.s, nm.len, 0 };

		lint_declare(w, &t);
	}
	while (w->nnests > 0 && w->nests[w->nnests - 1].close_at <= i)
		lint_close(w);
}

/* Record the free name at t[i], with the field read after it if any. */
static void
lint_record_global(struct lint_walk *w, size_t i, int write)
{
	const struct lint_tok *t = w->t;
	struct lint_scan *s = w->out;
	struct lint_global *g;

	s->globals = xrealloc(s->globals, (s->nglobals + 1) * sizeof *s->globals);
	g = &s->globals[s->nglobals++];
	g->name = xstrndup(t[i].s, t[i].len);
	g->field = NULL;
	if (i + 2 < w->n && lint_is(&t[i + 1], ".") && t[i + 2].kind == TK_NAME)
		g->field = xstrndup(t[i + 2].s, t[i + 2].len);
	g->line = t[i].line;
	g->write = write;
	g->toplevel = w->fndepth == 0;
}

/* Record a read of the parameter named by t. */
static void
lint_record_param(struct lint_scan *s, const struct lint_tok *t)
{
	s->params = xrealloc(s->params, (s->nparams + 1) * sizeof *s->params);
	s->params[s->nparams].name = xstrndup(t->s, t->len);
	s->params[s->nparams].line = t->line;
	s->nparams++;
}

/* Is the name at t[i] assigned: `x =` or `x, y, z =` at statement level? */
static int
lint_assigned(const struct lint_walk *w, size_t i)
{
	const struct lint_tok *t = w->t;
	char top = w->nnests ? w->nests[w->nnests - 1].kind : 'B';

	if (top != 'F' && top != 'B')
		return 0;
	for (i++; i + 1 < w->n && lint_is(&t[i], ",") && lint_var(&t[i + 1]); i += 2)
		;
	return i < w->n && lint_is(&t[i], "=");
}

/* ---- bands ---- */

/* One band {NAME, BOUND} at t[*i] ('{'); 0 and *i past it, or -1 when it
 * is not written out literally. */
static int
lint_band(const struct lint_tok *t, size_t n, size_t *i, struct lint_band *b)
{
	size_t k = *i;
	int neg = 0;

	if (k + 4 >= n || !lint_is(&t[k], "{") ||
	    (t[k + 1].kind != TK_STRING && t[k + 1].kind != TK_NUMBER) || !lint_is(&t[k + 2], ","))
		return -1;
	k += 3;
	if (lint_is(&t[k], "-"))
		neg = 1, k++;
	if (k >= n || (t[k].kind != TK_NUMBER && (t[k].kind != TK_STRING || neg)))
		return -1;
	b->name = xstrndup(t[*i + 1].s, t[*i + 1].len);
	b->line = t[k].line;
	b->param = NULL;
	b->from = 0;
	if (t[k].kind == TK_STRING) {
		b->param = xstrndup(t[k].s, t[k].len);
	} else {
		char *num = xstrndup(t[k].s, t[k].len);

		b->from = neg ? -strtod(num, NULL) : strtod(num, NULL);
		free(num);
	}
	k++;
	if (k < n && lint_is(&t[k], ","))
		k++;
	if (k >= n || !lint_is(&t[k], "}")) {
		free(b->name);
		free(b->param);
		return -1;
	}
	*i = k + 1;
	return 0;
}

/* The literal list at t[i] ('{' after bands =) into out; -1 when it is not
 * written out literally. */
static int
lint_band_list(const struct lint_tok *t, size_t n, size_t i, struct lint_bands *out)
{
	for (i++; i < n && !lint_is(&t[i], "}");) {
		struct lint_band b;

		if (lint_band(t, n, &i, &b) != 0)
			return -1;
		out->bands = xrealloc(out->bands, (out->n + 1) * sizeof *out->bands);
		out->bands[out->n++] = b;
		if (i < n && (lint_is(&t[i], ",") || lint_is(&t[i], ";")))
			i++;
	}
	return i < n ? 0 : -1;
}

/* Free what a band set owns. */
static void
lint_bands_free(struct lint_bands *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->bands[i].name);
		free(b->bands[i].param);
	}
	free(b->bands);
}

/* grade { ... } or stars { ... } at t[i]: find `bands = {` at the top of
 * the table and record the bands written there. */
static void
lint_bands_call(struct lint_walk *w, size_t i)
{
	const struct lint_tok *t = w->t;
	struct lint_bands b = { lint_is(&t[i], "stars"), t[i].line, NULL, 0 };
	size_t k = i + 1, close;
	struct lint_scan *s = w->out;

	if (k < w->n && lint_is(&t[k], "("))
		k++;
	if (k >= w->n || !lint_is(&t[k], "{"))
		return;
	close = lint_skip_nest(t, w->n, k);
	for (k++; k + 2 < close; k++) {
		if (lint_opens(&t[k])) {
			k = lint_skip_nest(t, w->n, k) - 1;
		} else if (lint_is(&t[k], "bands") && lint_is(&t[k + 1], "=") &&
		    lint_is(&t[k + 2], "{")) {
			if (lint_band_list(t, close, k + 2, &b) == 0 && b.n > 0) {
				s->bands = xrealloc(s->bands, (s->nbands + 1) * sizeof *s->bands);
				s->bands[s->nbands++] = b;
			} else {
				lint_bands_free(&b);
			}
			return;
		}
	}
}

/* ---- statements ---- */

/* The parameter list at t[i] ('('): opens the function body and declares
 * the parameters (and self for a method).  Returns the index past ')'. */
static size_t
lint_fn_params(struct lint_walk *w, size_t i, const struct lint_tok *self)
{
	lint_open(w, 'F');
	if (self)
		lint_declare(w, self);
	for (i++; i < w->n && !lint_is(&w->t[i], ")"); i++)
		if (lint_var(&w->t[i]))
			lint_declare(w, &w->t[i]);
	return i + 1;
}

/* `function` at t[i], as a statement or an expression. */
static size_t
lint_function(struct lint_walk *w, size_t i)
{
	static const struct lint_tok self = { TK_NAME, "self", 4, 0 };
	const struct lint_tok *t = w->t;
	int method = 0;

	i++;
	if (i < w->n && lint_var(&t[i])) {
		int plain = i + 1 < w->n && lint_is(&t[i + 1], "(");

		if (!lint_is_local(w, &t[i]))
			lint_record_global(w, i, plain);
		for (i++; i + 1 < w->n && (lint_is(&t[i], ".") || lint_is(&t[i], ":")); i += 2)
			method |= lint_is(&t[i], ":");
	}
	return lint_fn_params(w, i, method ? &self : NULL);
}

/* `local` at t[i]: local function, or a list of names with attributes and
 * perhaps values. */
static size_t
lint_local(struct lint_walk *w, size_t i)
{
	const struct lint_tok *t = w->t;
	size_t first, end;

	i++;
	if (i + 2 < w->n && lint_is(&t[i], "function")) {
		lint_declare(w, &t[i + 1]);   /* visible in its own body */
		return lint_fn_params(w, i + 2, NULL);
	}
	first = i;
	while (i < w->n && lint_var(&t[i])) {
		i++;
		if (i + 2 < w->n && lint_is(&t[i], "<"))
			i += 3;
		if (i < w->n && lint_is(&t[i], ","))
			i++;
	}
	end = i < w->n && lint_is(&t[i], "=") ? lint_expr_end(t, w->n, i + 1) : i;
	for (size_t k = i; k-- > first;)
		if (lint_var(&t[k]) && !(k > 0 && lint_is(&t[k - 1], "<")))
			lint_defer(w, &t[k], end, 0);
	return i;
}

/* `for` at t[i]: its variables wait for the loop's do. */
static size_t
lint_for(struct lint_walk *w, size_t i)
{
	const struct lint_tok *t = w->t;

	for (i++; i < w->n && (lint_var(&t[i]) || lint_is(&t[i], ",")); i++)
		if (lint_var(&t[i]))
			lint_defer(w, &t[i], 0, 1);
	return i;
}

/* `do`: a block, holding the variables of the for it ends the header of. */
static void
lint_do(struct lint_walk *w)
{
	size_t depth = w->nnests;

	lint_open(w, 'B');
	while (w->npending > 0 && w->pending[w->npending - 1].for_var &&
	    w->pending[w->npending - 1].depth == depth) {
		struct lint_name nm = w->pending[--w->npending].name;
		struct lint_tok t = { TK_NAME, nm.s, nm.len, 0 };

		lint_declare(w, &t);
	}
}

/* A variable name at t[i] in an expression or as an assignment target. */
static void
lint_name(struct lint_walk *w, size_t i)
{
	const struct lint_tok *t = w->t;
	const struct lint_tok *prev = i > 0 ? &t[i - 1] : NULL;
	const struct lint_tok *next = i + 1 < w->n ? &t[i + 1] : NULL;
	char top = w->nnests ? w->nests[w->nnests - 1].kind : 'B';

	if (prev && (lint_is(prev, ".") || lint_is(prev, ":") || lint_is(prev, "goto") ||
	    lint_is(prev, "::")))
		return;
	if (top == '{' && prev && (lint_is(prev, "{") || lint_is(prev, ",") ||
	    lint_is(prev, ";")) && next && lint_is(next, "="))
		return;   /* a table key */
	if (lint_is(&t[i], "p") && i + 2 < w->n) {
		if (lint_is(&t[i + 1], ".") && t[i + 2].kind == TK_NAME)
			lint_record_param(w->out, &t[i + 2]);
		else if (lint_is(&t[i + 1], "[") && t[i + 2].kind == TK_STRING &&
		    i + 3 < w->n && lint_is(&t[i + 3], "]"))
			lint_record_param(w->out, &t[i + 2]);
	}
	if (lint_is_local(w, &t[i]))
		return;
	lint_record_global(w, i, lint_assigned(w, i));
	if ((lint_is(&t[i], "grade") || lint_is(&t[i], "stars")) && !lint_assigned(w, i))
		lint_bands_call(w, i);
}

/* Handle t[i]; returns the index of the next token to look at. */
static size_t
lint_step(struct lint_walk *w, size_t i)
{
	const struct lint_tok *t = &w->t[i];

	if (lint_is(t, "local"))
		return lint_local(w, i);
	if (lint_is(t, "function"))
		return lint_function(w, i);
	if (lint_is(t, "for"))
		return lint_for(w, i);
	if (lint_is(t, "do"))
		lint_do(w);
	else if (lint_is(t, "if") || lint_is(t, "repeat"))
		lint_open(w, 'B');
	else if (lint_is(t, "(") || lint_is(t, "[") || lint_is(t, "{"))
		lint_open(w, t->s[0]);
	else if (lint_is(t, "end") || lint_is(t, ")") || lint_is(t, "]") || lint_is(t, "}"))
		lint_close(w);
	else if ((lint_is(t, "then") || lint_is(t, "else")) && w->nnests > 0)
		w->nlocals = w->nests[w->nnests - 1].base;
	else if (lint_is(t, "until") && w->nnests > 0)
		/* The condition still sees the loop body's locals. */
		w->nests[w->nnests - 1].close_at = lint_expr_end(w->t, w->n, i + 1);
	else if (lint_var(t))
		lint_name(w, i);
	return i + 1;
}

void
lint_scan(const char *text, size_t len, struct lint_scan *s)
{
	struct lint_lex lx;
	struct lint_walk w;

	memset(s, 0, sizeof *s);
	lint_lex(text, len, &lx);
	memset(&w, 0, sizeof w);
	w.t = lx.toks;
	w.n = lx.n;
	w.out = s;
	for (size_t i = 0; i < w.n;) {
		lint_settle(&w, i);
		i = lint_step(&w, i);
	}
	free(w.locals);
	free(w.nests);
	free(w.pending);
	free(lx.toks);
}

void
lint_scan_free(struct lint_scan *s)
{
	for (size_t i = 0; i < s->nglobals; i++) {
		free(s->globals[i].name);
		free(s->globals[i].field);
	}
	free(s->globals);
	for (size_t i = 0; i < s->nparams; i++)
		free(s->params[i].name);
	free(s->params);
	for (size_t i = 0; i < s->nbands; i++)
		lint_bands_free(&s->bands[i]);
	free(s->bands);
	memset(s, 0, sizeof *s);
}

/* ---- findings ---- */

static void lint_add(struct lint_result *r, const char *file, int line, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* Add the finding FILE:LINE: message; the result owns its copies. */
static void
lint_add(struct lint_result *r, const char *file, int line, const char *fmt, ...)
{
	struct lint_finding *f;
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->findings = xrealloc(r->findings, (r->n + 1) * sizeof *r->findings);
	f = &r->findings[r->n++];
	f->file = xstrdup(file);
	f->line = line;
	f->msg = xstrdup(buf);
}

/* Is there a finding at FILE:LINE already? */
static int
lint_has(const struct lint_result *r, const char *file, int line)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->findings[i].line == line && strcmp(r->findings[i].file, file) == 0)
			return 1;
	return 0;
}

/* Add "FILE:LINE: message" as written by Lua; without a position it is
 * put at line 1 of FALLBACK. */
static void
lint_add_located(struct lint_result *r, const char *msg, const char *fallback, int dedupe)
{
	const char *colon = strchr(msg, ':');
	char *end, *file;
	long line = colon ? strtol(colon + 1, &end, 10) : 0;

	if (colon == NULL || line <= 0 || *end != ':') {
		lint_add(r, fallback, 1, "%s", msg);
		return;
	}
	file = xstrndup(msg, (size_t)(colon - msg));
	if (!dedupe || !lint_has(r, file, (int)line))
		lint_add(r, file, (int)line, "%s", end[1] == ' ' ? end + 2 : end + 1);
	free(file);
}

/* Order findings by file, line, then message. */
static int
lint_finding_cmp(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c == 0)
		c = (x->line > y->line) - (x->line < y->line);
	return c ? c : strcmp(x->msg, y->msg);
}

/* Sort by place and drop repeats (os.getenv(os.time()) names os twice). */
static void
lint_sort(struct lint_result *r)
{
	size_t k = 0;

	if (r->n == 0)
		return;
	qsort(r->findings, r->n, sizeof *r->findings, lint_finding_cmp);
	for (size_t i = 0; i < r->n; i++) {
		if (k > 0 && lint_finding_cmp(&r->findings[k - 1], &r->findings[i]) == 0) {
			free(r->findings[i].file);
			free(r->findings[i].msg);
			continue;
		}
		r->findings[k++] = r->findings[i];
	}
	r->n = k;
}

void
lint_result_free(struct lint_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->findings[i].file);
		free(r->findings[i].msg);
	}
	free(r->findings);
	memset(r, 0, sizeof *r);
}

/* ---- the pack ---- */

struct lint_file {
	char *name;
	char *text;
	size_t len;
	int own;                         /* of the pack being linted */
	struct lint_scan scan;
};

struct lint_ctx {
	const struct config *cfg;
	struct pack_info pi;
	char *conf;                      /* pack.conf's text */
	struct lint_file *files;         /* parents' first, in load order */
	size_t nfiles;
	struct sandbox *sb;              /* asked what the sandbox offers */
	struct lint_result *r;
};

static const char *const lint_pack_api[] = {
	"fact", "requirement", "check", "form", "score", "grade", "stars", "award", "period", NULL
};

/* The report the core always has; a pack's forms are the others. */
static const char *const lint_known_reports[] = { "results", NULL };

/* Read the Lua files of PI and of the packs it extends, parents first. */
static int
lint_read_files(struct lint_ctx *c, const struct pack_info *pi, struct error *e)
{
	if (pi->parent && lint_read_files(c, pi->parent, e) != 0)
		return -1;
	for (size_t i = 0; i < pi->nfiles; i++) {
		char *path = xasprintf("%s/%s", pi->dir, pi->files[i]);
		struct lint_file *f;

		c->files = xrealloc(c->files, (c->nfiles + 1) * sizeof *c->files);
		f = &c->files[c->nfiles];
		memset(f, 0, sizeof *f);
		f->text = util_read_file(path, &f->len, e);
		free(path);
		if (f->text == NULL)
			return -1;
		f->name = xstrdup(pi->files[i]);
		f->own = pi == &c->pi;
		c->nfiles++;
	}
	return 0;
}

/* Compile each file as the sandbox does (text only) and scan those that
 * compile.  Returns how many files of the chain do not compile. */
static int
lint_compile(struct lint_ctx *c)
{
	lua_State *L = luaL_newstate();
	int broken = 0;

	if (L == NULL) {   /* as x*alloc() do when memory runs out */
		util_warnx("out of memory");
		exit(EXIT_ENV);
	}

	for (size_t i = 0; i < c->nfiles; i++) {
		struct lint_file *f = &c->files[i];
		char *chunk = xasprintf("=%s", f->name);

		if (luaL_loadbufferx(L, f->text, f->len, chunk, "t") == LUA_OK) {
			lint_scan(f->text, f->len, &f->scan);
		} else {
			broken++;
			if (f->own)
				lint_add_located(c->r, lua_tostring(L, -1), f->name, 0);
		}
		lua_pop(L, 1);
		free(chunk);
	}
	lua_close(L);
	return broken;
}

/* Is S in the NULL-terminated LIST? */
static int
lint_in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Does some file define NAME at its top level? */
static int
lint_defined(const struct lint_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nfiles; i++)
		for (size_t j = 0; j < c->files[i].scan.nglobals; j++) {
			const struct lint_global *g = &c->files[i].scan.globals[j];

			if (g->write && g->toplevel && strcmp(g->name, name) == 0)
				return 1;
		}
	return 0;
}

/* Index the table at 1 with the key at 2, through its metamethods. */
static int
lint_index_call(lua_State *L)
{
	lua_gettable(L, 1);
	return 1;
}

/* Look t[key] up as a rule would, through the sandbox's own __index (t at
 * -2, key at -1, both popped): 0 when it is there, 1 when it is missing,
 * 2 when the sandbox blocks it. */
static int
lint_probe(struct sandbox *sb)
{
	lua_State *L = sandbox_lua(sb);
	char err[256];
	int missing;

	lua_pushvalue(L, -2);
	lua_pushvalue(L, -2);
	lua_rawget(L, -2);
	missing = lua_isnil(L, -1);
	lua_pop(L, 2);
	if (!missing) {
		lua_pop(L, 2);
		return 0;
	}
	lua_pushcfunction(L, lint_index_call);
	lua_insert(L, -3);
	if (sandbox_call(sb, 2, 1, err, sizeof err) == 0) {
		lua_pop(L, 1);
		return 1;
	}
	return strstr(err, "blocked") != NULL ? 2 : 1;
}

/* Judge one free name of an own file against the sandbox. */
static void
lint_global(struct lint_ctx *c, const struct lint_file *f, const struct lint_global *g)
{
	lua_State *L = sandbox_lua(c->sb);
	int state;

	if (lint_in(lint_pack_api, g->name) || lint_defined(c, g->name))
		return;
	lua_pushglobaltable(L);
	lua_pushstring(L, g->name);
	state = lint_probe(c->sb);
	if (state == 2) {
		lint_add(c->r, f->name, g->line, tr("%s is blocked in the sandbox",
		    "沙箱中禁用 %s"), g->name);
	} else if (state == 1) {
		lint_add(c->r, f->name, g->line, tr("undefined global '%s'",
		    "未定义的全局变量 '%s'"), g->name);
	} else if (g->field) {
		lua_getglobal(L, g->name);
		if (lua_istable(L, -1)) {
			lua_pushstring(L, g->field);
			state = lint_probe(c->sb);
			if (state == 2)
				lint_add(c->r, f->name, g->line, tr("%s.%s is blocked in the sandbox",
				    "沙箱中禁用 %s.%s"), g->name, g->field);
			else if (state == 1)
				lint_add(c->r, f->name, g->line, tr("%s.%s does not exist",
				    "%s.%s 不存在"), g->name, g->field);
		} else {
			lua_pop(L, 1);
		}
	}
}

/* Judge every free name of the pack's own files. */
static void
lint_globals(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (c->files[i].own)
			for (size_t j = 0; j < c->files[i].scan.nglobals; j++)
				lint_global(c, &c->files[i], &c->files[i].scan.globals[j]);
}

/* The line of the first line of TEXT that, blanks skipped, starts with
 * WORD followed by NAME (NULL: anything); 1 when there is none. */
static int
lint_conf_line(const char *text, const char *word, const char *name)
{
	int line = 1;

	for (const char *p = text; *p; line++) {
		const char *eol = strchr(p, '\n');
		size_t wl = strlen(word);

		p += strspn(p, " \t");
		if (strncmp(p, word, wl) == 0 && strchr(" \t={", p[wl])) {
			const char *q = p + wl + strspn(p + wl, " \t");

			if (name == NULL || (strncmp(q, name, strlen(name)) == 0 &&
			    strchr(" \t{", q[strlen(name)])))
				return line;
		}
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return 1;
}

/* The parameter NAME of the pack (merged with its parents'), or NULL. */
static const struct pack_param *
lint_param(const struct pack_info *pi, const char *name)
{
	for (size_t i = 0; i < pi->nparams; i++)
		if (strcmp(pi->params[i].name, name) == 0)
			return &pi->params[i];
	return NULL;
}

/* Does any file of the chain read parameter NAME, or use it as a bound? */
/* Is NAME given as a string to `points = "NAME"` or `top = "NAME"` (a
 * requirement's points, a ranked form's length) somewhere in TEXT? */
static int
lint_named_by_key(const char *text, const char *name)
{
	static const char *const keys[] = { "points", "top", NULL };
	size_t n = strlen(name);

	for (const char *q = strchr(text, '"'); q; q = strchr(q + 1, '"')) {
		const char *b = q;

		if (strncmp(q + 1, name, n) != 0 || q[n + 1] != '"')
			continue;
		while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b == text || *--b != '=')
			continue;
		while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		for (int k = 0; keys[k]; k++) {
			size_t kl = strlen(keys[k]);

			if ((size_t)(b - text) >= kl && strncmp(b - kl, keys[k], kl) == 0)
				return 1;
		}
	}
	return 0;
}

static int
lint_param_read(const struct lint_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct lint_scan *s = &c->files[i].scan;

		if (lint_named_by_key(c->files[i].text, name))
			return 1;
		for (size_t j = 0; j < s->nparams; j++)
			if (strcmp(s->params[j].name, name) == 0)
				return 1;
		for (size_t j = 0; j < s->nbands; j++)
			for (size_t k = 0; k < s->bands[j].n; k++)
				if (util_streq(s->bands[j].bands[k].param, name))
					return 1;
	}
	return 0;
}

/* Parameters an own file reads that pack.conf does not declare. */
static void
lint_undeclared(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct lint_file *f = &c->files[i];

		for (size_t j = 0; f->own && j < f->scan.nparams; j++)
			if (lint_param(&c->pi, f->scan.params[j].name) == NULL)
				lint_add(c->r, f->name, f->scan.params[j].line, tr("parameter '%s' is"
				    " not declared in pack.conf", "参数 '%s' 未在 pack.conf 中声明"),
				    f->scan.params[j].name);
		for (size_t j = 0; f->own && j < f->scan.nbands; j++)
			for (size_t k = 0; k < f->scan.bands[j].n; k++) {
				const struct lint_band *b = &f->scan.bands[j].bands[k];

				if (b->param && lint_param(&c->pi, b->param) == NULL)
					lint_add(c->r, f->name, b->line, tr("parameter '%s' is not"
					    " declared in pack.conf", "参数 '%s' 未在 pack.conf 中声明"),
					    b->param);
			}
	}
}

/* Parameters this pack declares that no file of it or its parents reads. */
static void
lint_unused(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->pi.nparams; i++) {
		const struct pack_param *pp = &c->pi.params[i];

		if (strcmp(pp->origin, c->pi.id) == 0 && !lint_param_read(c, pp->name))
			lint_add(c->r, "pack.conf", lint_conf_line(c->conf, "parameter", pp->name),
			    tr("parameter '%s' is declared but never used",
			    "参数 '%s' 已声明但从未使用"), pp->name);
	}
}

/* A band's bound, a parameter's default resolved; -1 when it is not a
 * number (an undeclared or non-numeric parameter, reported elsewhere). */
static int
lint_bound(const struct lint_ctx *c, const struct lint_band *b, double *v)
{
	const struct pack_param *pp;
	char *end;

	if (b->param == NULL) {
		*v = b->from;
		return 0;
	}
	pp = lint_param(&c->pi, b->param);
	if (pp == NULL || (pp->type != PARAM_INT && pp->type != PARAM_NUMBER) || !pp->dflt)
		return -1;
	*v = strtod(pp->dflt, &end);
	return *end ? -1 : 0;
}

/* Star bands are 1..5 or 0..5, each once, in order. */
static int
lint_stars_named(const struct lint_bands *bs)
{
	const char *first = bs->bands[0].name;

	if (strcmp(first, "0") != 0 && strcmp(first, "1") != 0)
		return 0;
	for (size_t i = 0; i < bs->n; i++) {
		const char *nm = bs->bands[i].name;

		if (nm[0] != first[0] + (int)i || nm[1] != '\0')
			return 0;
	}
	return strcmp(bs->bands[bs->n - 1].name, "5") == 0;
}

/* One grade or stars declaration: bounds rising from 0 or below, and
 * star names 0..5 or 1..5. */
static void
lint_band_set(struct lint_ctx *c, const struct lint_file *f, const struct lint_bands *bs)
{
	const char *what = bs->stars ? "stars" : "grade";
	double prev = 0, v;

	for (size_t i = 0; i < bs->n; i++) {
		if (lint_bound(c, &bs->bands[i], &v) != 0)
			return;
		if (i == 0 && v > 0)
			lint_add(c->r, f->name, bs->line, tr("%s bands leave a gap: a score below"
			    " %g falls in no band", "%s 档次有缺口：低于 %g 的分数不属于任何档次"),
			    what, v);
		if (i > 0 && v <= prev)
			lint_add(c->r, f->name, bs->line, tr("%s bands overlap: '%s' starts at %g,"
			    " not above '%s' at %g", "%s 档次重叠：'%s' 起点 %g 不高于 '%s' 的 %g"),
			    what, bs->bands[i].name, v, bs->bands[i - 1].name, prev);
		prev = v;
	}
	if (bs->stars && !lint_stars_named(bs))
		lint_add(c->r, f->name, bs->line, tr("stars bands leave a gap: they must be"
		    " named 1 to 5 (or 0 to 5) in order", "星级档次有缺口：应依次为 1 至 5"
		    "（或 0 至 5）"));
}

/* The band declarations of the pack's own files. */
static void
lint_bands(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		for (size_t j = 0; c->files[i].own && j < c->files[i].scan.nbands; j++)
			lint_band_set(c, &c->files[i], &c->files[i].scan.bands[j]);
}

static int
lint_is_form(const struct pack *p, const char *name)
{
	for (size_t i = 0; i < p->nforms; i++)
		if (strcmp(p->forms[i].name, name) == 0)
			return 1;
	return 0;
}

/* Every report pack.conf lists must be results or a form the pack
 * declares (the form's own columns are checked when it is declared). */
static void
lint_reports(struct lint_ctx *c, const struct pack *p)
{
	for (size_t i = 0; i < c->pi.nreports; i++)
		if (!lint_in(lint_known_reports, c->pi.reports[i]) &&
		    !lint_is_form(p, c->pi.reports[i]))
			lint_add(c->r, "pack.conf", lint_conf_line(c->conf, "reports", NULL),
			    tr("report '%s' is not a known report", "报表 '%s' 不是已知报表"),
			    c->pi.reports[i]);
}

/* The text of every *.lua file in DIR/tests, one after another. */
static char *
lint_tests_text(const char *dir)
{
	char *tdir = xasprintf("%s/tests", dir);
	DIR *d = opendir(tdir);
	struct dirent *de;
	struct sbuf b;

	sbuf_init(&b);
	while (d && (de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name), len;
		struct error e = { 0 };
		char *path, *text;

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".lua") != 0)
			continue;
		path = xasprintf("%s/%s", tdir, de->d_name);
		text = util_read_file(path, &len, &e);
		if (text) {
			sbuf_add(&b, text, len);
			sbuf_addc(&b, '\n');
		}
		free(text);
		free(path);
	}
	if (d)
		closedir(d);
	free(tdir);
	sbuf_addc(&b, '\0');
	return sbuf_detach(&b);
}

/* The first QUOTED id in TEXT right after `requirement` (a fact may
 * name a requirement too), or NULL. */
static const char *
lint_declaration(const char *text, const char *quoted)
{
	for (const char *at = strstr(text, quoted); at; at = strstr(at + 1, quoted)) {
		const char *p = at;

		while (p > text && strchr(" \t(", p[-1]))
			p--;
		if (p - text >= 11 && strncmp(p - 11, "requirement", 11) == 0)
			return at;
	}
	return NULL;
}

/* The file and line where requirement ID is declared. */
static int
lint_req_line(const struct lint_ctx *c, const char *id, const char **file)
{
	char *quoted = xasprintf("\"%s\"", id);
	int line = 1;

	*file = "pack.conf";
	for (size_t i = 0; i < c->nfiles; i++) {
		const char *at = c->files[i].own ? lint_declaration(c->files[i].text, quoted) :
		    NULL;

		if (at) {
			*file = c->files[i].name;
			for (const char *p = c->files[i].text; p < at; p++)
				line += *p == '\n';
			break;
		}
	}
	free(quoted);
	return line;
}

/* A load error without the "pack ID: " the loader puts first, so that
 * it reads FILE:LINE: message like the other findings. */
static const char *
lint_load_message(const char *msg, const struct pack_info *pi)
{
	for (; pi; pi = pi->parent) {
		size_t n = strlen(pi->id);

		if (strncmp(msg, "pack ", 5) == 0 && strncmp(msg + 5, pi->id, n) == 0 &&
		    strncmp(msg + 5 + n, ": ", 2) == 0)
			return msg + 7 + n;
	}
	return msg;
}

/* Load the pack as an evaluation would; its requirements need tests. */
static void
lint_load(struct lint_ctx *c)
{
	struct sandbox_limits lim = { c->cfg->memory_limit, c->cfg->instruction_limit };
	struct facts_period per;
	struct error e = { 0 };
	struct pack p;
	time_t now = time(NULL);
	struct tm tm;
	char *tests;

	/* Loaded with the parameters in force this year: lint judges the
	 * pack as it stands, and no result depends on it. */
	gmtime_r(&now, &tm);
	facts_period_init(&per, tm.tm_year + 1900, NULL);
	if (pack_load(&p, &c->pi, &lim, &per, &e) != 0) {
		lint_add_located(c->r, lint_load_message(e.msg, &c->pi), "pack.conf", 1);
		return;
	}
	lint_reports(c, &p);
	tests = lint_tests_text(c->pi.dir);
	for (size_t i = 0; i < p.nreqs; i++) {
		const char *file;
		int line;

		if (strcmp(p.reqs[i].origin, c->pi.id) != 0 || strstr(tests, p.reqs[i].id))
			continue;
		line = lint_req_line(c, p.reqs[i].id, &file);
		lint_add(c->r, file, line, tr("requirement '%s' has no test in tests/",
		    "要求 '%s' 在 tests/ 中没有测试"), p.reqs[i].id);
	}
	free(tests);
	pack_free(&p);
}

/* Free everything the context holds (not the result). */
static void
lint_ctx_free(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		free(c->files[i].name);
		free(c->files[i].text);
		lint_scan_free(&c->files[i].scan);
	}
	free(c->files);
	free(c->conf);
	if (c->sb)
		sandbox_free(c->sb);
	pack_info_free(&c->pi);
}

int
lint_pack(const struct config *cfg, const char *dir, struct lint_result *r,
    struct error *e)
{
	struct sandbox_limits lim = { cfg->memory_limit, cfg->instruction_limit };
	struct lint_ctx c;
	char *path = xasprintf("%s/pack.conf", dir);
	size_t len;
	int rc = -1, broken;

	memset(&c, 0, sizeof c);
	memset(r, 0, sizeof *r);
	c.cfg = cfg;
	c.r = r;
	c.conf = util_read_file(path, &len, e);
	free(path);
	if (c.conf == NULL || pack_info_read(dir, &c.pi, e) != 0 ||
	    lint_read_files(&c, &c.pi, e) != 0 || (c.sb = sandbox_new(&lim, e)) == NULL)
		goto out;
	sandbox_add_module(c.sb, "date", luaopen_date);
	sandbox_add_module(c.sb, "re", luaopen_re);
	broken = lint_compile(&c);
	lint_globals(&c);
	lint_undeclared(&c);
	lint_bands(&c);
	if (!broken) {
		/* What a file that does not compile reads is unknown, and the
		 * load would fail on its syntax error again. */
		lint_unused(&c);
		lint_load(&c);
	}
	lint_sort(r);
	rc = 0;
out:
	if (rc != 0)
		lint_result_free(r);
	lint_ctx_free(&c);
	return rc;
}
