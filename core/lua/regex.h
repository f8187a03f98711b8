/*
 * regex.h - PCRE2 patterns for the core and for rules.
 *
 * Patterns are compiled in UTF mode with Unicode properties (PCRE2_UTF |
 * PCRE2_UCP), so \d, \w and character classes see Chinese text as
 * characters, not bytes.  A cache keeps each compiled pattern by its text:
 * a pack that checks a million phone numbers compiles its pattern once.
 * It keeps the yes-or-no answer for each short subject too, so a pack that
 * matches the name of a unit for each of its thousand members runs the
 * pattern once.  A cache belongs to one thread (one per Lua state).
 */
#ifndef BAODAO_REGEX_H
#define BAODAO_REGEX_H

#include <stddef.h>

#include "util.h"

struct lua_State;
struct regex_cache;

struct regex_cache *regex_cache_new(void);
void                regex_cache_free(struct regex_cache *c);
/* How many times a pattern was compiled: a pattern used again from the
 * cache does not count. */
unsigned long       regex_cache_compiled(const struct regex_cache *c);

/* Does PATTERN match somewhere in SUBJECT (len bytes)?  Returns 1 or 0, or
 * -1 with e set to "bad pattern 'P': REASON at offset N" (EXIT_USAGE). */
int   regex_match(struct regex_cache *c, const char *pattern,
          const char *subject, size_t len, struct error *e);

/* Does PATTERN match the whole subject (anchored at both ends)? */
int   regex_full_match(struct regex_cache *c, const char *pattern,
          const char *subject, size_t len, struct error *e);

/* Open the Lua module "re" and leave it on the stack:
 *   re.match(pattern, s)    -> boolean: matches somewhere in s
 *   re.full(pattern, s)     -> boolean: matches all of s
 *   re.find(pattern, s)     -> start, end, captures... (1-based byte
 *                              positions) or nil
 *   re.first(pattern, s, sep [, i [, j]])
 *                           -> the first part of s cut at each sep (plain
 *                              text; empty parts skipped), of parts i to j
 *                              (as string.sub counts), that pattern
 *                              matches, and its number; or nil
 *   re.valid(pattern)       -> true, or false and the reason
 * A bad pattern raises "bad pattern 'P': REASON at offset N"; a pattern
 * has at most 100 capture groups.  A match has low match, depth and heap
 * limits ("pattern 'P': match limit exceeded"), and in a sandbox each
 * compilation and match is charged to the call's instruction count
 * (sandbox_charge()); an answer from the cache is charged what the match
 * cost, so the count does not depend on what ran before.  The module
 * owns its cache (freed with the state). */
int   luaopen_re(struct lua_State *L);

#endif
