/*
 * pack_int.h - what the pack's own files share: pack.c (loading) calls
 * into pack_api.c (the declarations Lua makes).  No other module
 * includes it; pack.h is the pack's interface.
 */
#ifndef BAODAO_PACK_INT_H
#define BAODAO_PACK_INT_H

/* pack.h's structs, by pointer only: the header does not include
 * pack.h, so that the pack's module does not include itself back. */
struct facts_period;
struct pack;
struct pack_check;
struct pack_form;
struct pack_req;

/* Make the declaration functions and `period` globals of p's sandbox. */
void  pack_install_api(struct pack *p, const struct facts_period *per);

/* Free the draft pack_install_api() made and the remembered declaration
 * error (pack_free() calls it). */
void  pack_draft_free(struct pack *p);

/* Free what a declaration owns but its name or id (an override keeps
 * it, and pack_free() frees it). */
void  pack_req_clear(struct pack_req *r);
void  pack_check_clear(struct pack_check *c);
void  pack_form_clear(struct pack_form *f);

#endif
