/*
 * view.h - the read-only records a rule is handed: m (the member or org),
 * f (its facts), p (the pack's parameters), r (outcomes so far).
 *
 * A view is a full userdata pointing at C values the evaluation fills in
 * for each subject; one userdata per worker is reused for every member, so
 * handing a rule its records allocates nothing.  Reading a name the view
 * does not have raises "member has no field 'x'" (or "fact", "parameter",
 * "requirement"): a misspelt name fails loudly instead of reading nil, and
 * rules cannot write into a view at all.
 */
#ifndef BAODAO_VIEW_H
#define BAODAO_VIEW_H

#include <stddef.h>

#include <lua.h>

enum view_type { VIEW_NIL, VIEW_BOOL, VIEW_INT, VIEW_NUM, VIEW_STR };

struct view_value {
	enum view_type type;
	long long i;         /* VIEW_BOOL (0/1) and VIEW_INT */
	double n;            /* VIEW_NUM */
	const char *s;       /* VIEW_STR, not owned */
	size_t len;
};

/* The names a view answers to, fixed when the pack is loaded. */
struct view_schema {
	char *what;          /* "member", "fact", ... for messages */
	char **names;
	size_t n;
};

struct view {
	const struct view_schema *schema;
	struct view_value *values;       /* schema->n slots */
	unsigned char *touched;          /* when set, touched[slot] = 1 on every read:
	                                    explain shows the facts a rule read */
	/* When set, called with the slot before each read, to fill it in on
	 * demand: a form's member record converts only the fields read. */
	void (*fill)(const struct view *v, size_t slot);
	void *ctx;                       /* the fill's own state */
};

void  view_schema_init(struct view_schema *s, const char *what);
size_t view_schema_add(struct view_schema *s, const char *name);   /* its slot */
long  view_schema_find(const struct view_schema *s, const char *name); /* -1 */
void  view_schema_free(struct view_schema *s);

/* Push a userdata that reads v's values whenever it is indexed.  v must
 * outlive every use of the userdata. */
void  view_push(lua_State *L, const struct view *v);

/* Push a mirrored view of v: a userdata as view_push's, but a value read
 * is kept in a Lua table, so reading it again costs a table lookup, no
 * call into C.  For views whose values a rule reads again and again
 * (the member, the parameters, the outcomes): whoever changes a value
 * of v once it may have been read must call view_forget.  A view with
 * touched keeps nothing (every read must reach C, to be traced); one
 * with fill keeps a value once it is filled, which holds until the
 * forget, and fills a slot before offering it. */
void  view_push_mirrored(lua_State *L, const struct view *v);
/* The view at idx (pushed by view_push_mirrored; any other value is left
 * alone) forgets the values it kept: the next read of each reads v. */
void  view_forget(lua_State *L, int idx);
/* The mirrored view at idx puts the value of slot (view_offer) or of
 * every slot (view_offer_all) in its mirror now, when a read of it
 * missed the mirror lately: rules that read a value for every member
 * then find it there at once (a slot of a view with fill is filled
 * for the offer: the fill must be able to fill it then).  Call once a
 * value is set (after view_forget); a nil, or any other view, is left
 * alone. */
void  view_offer(lua_State *L, int idx, size_t slot);
void  view_offer_all(lua_State *L, int idx);
/* Push one view value as a Lua value. */
void  view_push_value(lua_State *L, const struct view_value *val);

/* Value setters, for the evaluation. */
void  view_set_nil(struct view_value *val);
void  view_set_bool(struct view_value *val, int b);
void  view_set_int(struct view_value *val, long long i);
void  view_set_num(struct view_value *val, double n);
void  view_set_str(struct view_value *val, const char *s);  /* NULL -> nil */

#endif
