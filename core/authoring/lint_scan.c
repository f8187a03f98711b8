/*
 * lint_scan.c - lint_scan(): a scope tracker over lint_lex() tokens that
 * finds a chunk's free names, parameter reads and band tables.
 *
 * The scanner works on a token array.  One stack holds every open nest:
 * brackets, function bodies and blocks, each remembering how many locals
 * were visible when it opened, so closing it forgets its locals.  Locals
 * of `local x = e` become visible only after e, found by skipping the
 * expression list ahead (lint_expr_end()), because e still sees the
 * outer x.
 */
#include <stdlib.h>
#include <string.h>

#include "lint_lex.h"
#include "lint_scan.h"
#include "util.h"

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
		struct lint_tok t = { LINT_TK_NAME, nm.s, nm.len, 0 };

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
	if (i + 2 < w->n && lint_is(&t[i + 1], ".") && t[i + 2].kind == LINT_TK_NAME)
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
	    (t[k + 1].kind != LINT_TK_STRING && t[k + 1].kind != LINT_TK_NUMBER) ||
	    !lint_is(&t[k + 2], ","))
		return -1;
	k += 3;
	if (lint_is(&t[k], "-"))
		neg = 1, k++;
	if (k >= n || (t[k].kind != LINT_TK_NUMBER && (t[k].kind != LINT_TK_STRING || neg)))
		return -1;
	b->name = xstrndup(t[*i + 1].s, t[*i + 1].len);
	b->line = t[k].line;
	b->param = NULL;
	b->from = 0;
	if (t[k].kind == LINT_TK_STRING) {
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
	static const struct lint_tok self = { LINT_TK_NAME, "self", 4, 0 };
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
		struct lint_tok t = { LINT_TK_NAME, nm.s, nm.len, 0 };

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
		if (lint_is(&t[i + 1], ".") && t[i + 2].kind == LINT_TK_NAME)
			lint_record_param(w->out, &t[i + 2]);
		else if (lint_is(&t[i + 1], "[") && t[i + 2].kind == LINT_TK_STRING &&
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
