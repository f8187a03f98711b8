/*
 * lint_lex.h - the Lua lexer the lint scanner reads chunks with
 * (lint_lex.c), shared by lint's own files only: lint.h is lint's
 * interface.
 */
#ifndef BAODAO_LINT_LEX_H
#define BAODAO_LINT_LEX_H

#include <stddef.h>

/* What a token is: a name (keywords included), a string's contents, a
 * numeral, or an operator or punctuation. */
enum lint_tk { LINT_TK_NAME, LINT_TK_STRING, LINT_TK_NUMBER, LINT_TK_OP };

/* A token: its text points into the chunk, which must outlive it. */
struct lint_tok {
	enum lint_tk kind;
	const char *s;        /* into the text; a string's contents, unquoted */
	size_t len;
	int line;
};

/* The lexer's position and its token array (owned; free toks). */
struct lint_lex {
	const char *p, *end;
	int line;
	struct lint_tok *toks;
	size_t n, cap;
};

/* Tokenise TEXT into lx (lx->toks is the caller's to free). */
void    lint_lex(const char *text, size_t len, struct lint_lex *lx);

/* Is t the name, keyword or operator S?  Strings never are. */
int     lint_is(const struct lint_tok *t, const char *s);
/* A name usable as a variable: a name that is no keyword. */
int     lint_var(const struct lint_tok *t);
/* Does t open a bracket, function or block a later token closes? */
int     lint_opens(const struct lint_tok *t);
/* t[i] opens a nest: the index past its close. */
size_t  lint_skip_nest(const struct lint_tok *t, size_t n, size_t i);
/* The index past the expression list that starts at t[i]. */
size_t  lint_expr_end(const struct lint_tok *t, size_t n, size_t i);

#endif
