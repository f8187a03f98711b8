/*
 * html.c - the html plugin: an emit back end that writes each report or
 * form as one self-contained page (UTF-8, lang zh-CN): embedded CSS with
 * print rules (A4, landscape for wide tables, the header row repeated on
 * every printed page, no row split across pages), the title, heading
 * lines, the table with the notice's header and the foot lines
 * (signature and stamp).  A page fetches nothing: no script, no external
 * style, font or image, and a Content-Security-Policy that forbids them.
 * A table with a chart hint (emit.h) is drawn as inline SVG too
 * (chart.c); several tables (EMIT_TABLES) make several sections.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

const struct plugin_host *html_host;

/* A table wider than this many columns is printed on landscape A4. */
#define HTML_WIDE 8

/* A page's state: what was written, and the rows of a charted table,
 * held until its end so that the chart comes before the table. */
struct html_doc {
	int head;             /* <head> written */
	int tables;           /* tables begun */
	char ***held;         /* charted table: its rows' cells */
	size_t nheld, cap;
	size_t ncells;
};

static const char html_css[] =
	"@page{size:A4;margin:12mm}\n"
	"@page wide{size:A4 landscape}\n"
	"section.wide{page:wide}\n"
	"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\","
	"\"PingFang SC\",\"WenQuanYi Micro Hei\",\"SimSun\",sans-serif;font-size:11pt;color:#111;margin:16px}\n"
	"h1{font-size:16pt;text-align:center;margin:0 0 8px}\n"
	"h2{font-size:13pt;margin:18px 0 6px}\n"
	"p{margin:3px 0}\n"
	"table{border-collapse:collapse;width:100%;margin:8px 0}\n"
	"th,td{border:1px solid #444;padding:2px 5px;vertical-align:top}\n"
	"th{background:#eee;font-weight:bold}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"thead{display:table-header-group}\n"
	"tr{break-inside:avoid;page-break-inside:avoid}\n"
	"p.foot{margin-top:10px}\n"
	"figure{margin:8px 0;break-inside:avoid;page-break-inside:avoid}\n"
	"figure svg{max-width:100%;height:auto}\n"
	"pre{white-space:pre-wrap}\n"
	"@media print{body{margin:0}th,svg{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}section+section{break-before:page}}\n";

/* A line break, by html_text's br. */
static const char *const html_breaks[] = { " ", "<br>", "\n" };

void
html_text(struct sbuf *b, const char *s, int br)
{
	const struct plugin_host *h = html_host;

	for (const char *p = s ? s : ""; *p; p++)
		switch (*p) {
		case '&': h->sbuf_adds(b, "&amp;"); break;
		case '<': h->sbuf_adds(b, "&lt;"); break;
		case '>': h->sbuf_adds(b, "&gt;"); break;
		case '"': h->sbuf_adds(b, "&quot;"); break;
		case '\'': h->sbuf_adds(b, "&#39;"); break;
		case '\r':
			if (p[1] != '\n')
				h->sbuf_adds(b, html_breaks[br]);
			break;
		case '\n': h->sbuf_adds(b, html_breaks[br]); break;
		case '\t': h->sbuf_add(b, br == HTML_KEEP ? "\t" : " ", 1); break;
		default:
			if ((unsigned char)*p >= 0x20 && *p != 0x7f)
				h->sbuf_add(b, p, 1);
			break;
		}
}

int
html_number(const char *s, double *v)
{
	const char *p = s;
	int digits = 0, dot = 0;

	if (s == NULL)
		return 0;
	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
		return 0;     /* a code such as 008.001, not a number */
	for (; *p; p++)
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != '.' || dot++)
			return 0;
	if (digits == 0)
		return 0;
	*v = strtod(s, NULL);
	return 1;
}

/* The document's head, titled by its first table (or by the program). */
static void
html_head(struct emit *w, const char *title)
{
	struct html_doc *d = html_host->emit_state(w);
	struct sbuf *b = html_host->emit_out(w);

	if (d->head)
		return;
	d->head = 1;
	html_host->sbuf_adds(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
	    " style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"baodao\">\n<title>");
	html_text(b, title && *title ? title : "baodao", HTML_SPACE);
	html_host->sbuf_addf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", html_css);
}

/* Nothing before the first table or prose: its title heads the page. */
static void
html_begin_doc(struct emit *w)
{
}

/* Free the held rows of a charted table. */
static void
html_held_free(struct html_doc *d)
{
	for (size_t i = 0; i < d->nheld; i++) {
		for (size_t j = 0; j < d->ncells; j++)
			free(d->held[i][j]);
		free(d->held[i]);
	}
	free(d->held);
	d->held = NULL;
	d->nheld = d->cap = 0;
}

/* The tail of the page; an empty document is a page with no table. */
static void
html_finish(struct emit *w, int ok)
{
	struct html_doc *d = html_host->emit_state(w);

	html_held_free(d);
	if (!ok)
		return;
	html_head(w, NULL);
	html_host->sbuf_adds(html_host->emit_out(w), "</body>\n</html>\n");
}

/* Does the hint name columns the table has? */
static int
html_chart_ok(const struct emit_table *t)
{
	const struct emit_chart *c = t->chart;

	if (c == NULL || c->label >= t->ncolumns || c->nseries == 0 || c->series == NULL ||
	    c->kind < EMIT_CHART_BARS || c->kind > EMIT_CHART_LINE)
		return 0;
	for (size_t i = 0; i < c->nseries; i++)
		if (c->series[i] >= t->ncolumns)
			return 0;
	return 1;
}

/* <section>, the title (the page's h1, then h2) and the heading lines. */
static void
html_section(struct sbuf *b, const struct emit_table *t, int first)
{
	const struct plugin_host *h = html_host;

	h->sbuf_adds(b, t->ncolumns > HTML_WIDE ? "<section class=\"wide\">\n" : "<section>\n");
	if (t->title) {
		h->sbuf_adds(b, first ? "<h1>" : "<h2>");
		html_text(b, t->title, HTML_SPACE);
		h->sbuf_adds(b, first ? "</h1>\n" : "</h2>\n");
	}
	for (size_t i = 0; i < t->nheading; i++) {
		h->sbuf_adds(b, "<p class=\"heading\">");
		html_text(b, t->heading[i], HTML_BR);
		h->sbuf_adds(b, "</p>\n");
	}
}

/* The table's header row, repeated on each printed page (thead). */
static void
html_thead(struct sbuf *b, const struct emit_table *t)
{
	html_host->sbuf_adds(b, "<table>\n<thead><tr>");
	for (size_t i = 0; i < t->ncolumns; i++) {
		html_host->sbuf_adds(b, "<th scope=\"col\">");
		html_text(b, t->columns[i], HTML_BR);
		html_host->sbuf_adds(b, "</th>");
	}
	html_host->sbuf_adds(b, "</tr></thead>\n<tbody>\n");
}

/* One row; numbers aligned to the right. */
static void
html_tr(struct sbuf *b, const char *const *cells, size_t n)
{
	double v;

	html_host->sbuf_adds(b, "<tr>");
	for (size_t i = 0; i < n; i++) {
		html_host->sbuf_adds(b, html_number(cells[i], &v) ? "<td class=\"n\">" : "<td>");
		html_text(b, cells[i], HTML_BR);
		html_host->sbuf_adds(b, "</td>");
	}
	html_host->sbuf_adds(b, "</tr>\n");
}

/* The end of the table, the foot lines and the section. */
static void
html_tail(struct sbuf *b, const struct emit_table *t, long rows)
{
	html_host->sbuf_adds(b, "</tbody>\n</table>\n");
	if (rows == 0)
		html_host->sbuf_adds(b, html_host->tr("<p>(no rows)</p>\n", "<p>（无）</p>\n"));
	for (size_t i = 0; i < t->nfoot; i++) {
		html_host->sbuf_adds(b, "<p class=\"foot\">");
		html_text(b, t->foot[i], HTML_BR);
		html_host->sbuf_adds(b, "</p>\n");
	}
	html_host->sbuf_adds(b, "</section>\n");
}

/* A table: written as it comes, or held when it is to be charted. */
static void
html_begin_table(struct emit *w, const struct emit_table *t, const struct emit_at *at)
{
	struct html_doc *d = html_host->emit_state(w);
	struct sbuf *b = html_host->emit_out(w);

	html_head(w, t->title);
	d->tables++;
	if (html_chart_ok(t)) {
		d->ncells = t->ncolumns;
		return;
	}
	html_section(b, t, d->tables == 1);
	html_thead(b, t);
}

/* Keep a copy of a charted table's row. */
static int
html_hold(struct html_doc *d, const char *const *cells, size_t n)
{
	char **row;

	if (d->nheld == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		char ***held = realloc(d->held, cap * sizeof *held);

		if (held == NULL)
			return -1;
		d->held = held;
		d->cap = cap;
	}
	if ((row = calloc(n, sizeof *row)) == NULL)
		return -1;
	d->held[d->nheld++] = row;
	for (size_t i = 0; i < n; i++)
		if ((row[i] = strdup(cells[i] ? cells[i] : "")) == NULL)
			return -1;
	return 0;
}

static void
html_row(struct emit *w, const struct emit_table *t, const char *const *cells, size_t n,
    const struct emit_at *at)
{
	struct html_doc *d = html_host->emit_state(w);

	if (!html_chart_ok(t))
		html_tr(html_host->emit_out(w), cells, n);
	else if (html_hold(d, cells, n) != 0)
		html_host->emit_fail(w, "out of memory");
}

/* A charted table: its section, the chart, then the table from the held
 * rows (the numbers the chart draws, for readers and for print). */
static void
html_end_table(struct emit *w, const struct emit_table *t, long rows)
{
	struct html_doc *d = html_host->emit_state(w);
	struct sbuf *b = html_host->emit_out(w);

	if (!html_chart_ok(t)) {
		html_tail(b, t, rows);
		return;
	}
	html_section(b, t, d->tables == 1);
	if (d->nheld)
		html_chart(b, t, (char *const *const *)d->held, d->nheld, d->tables);
	html_thead(b, t);
	for (size_t i = 0; i < d->nheld; i++)
		html_tr(b, (const char *const *)d->held[i], t->ncolumns);
	html_tail(b, t, rows);
	html_held_free(d);
}

/* Prose (explain and the like) as preformatted text. */
static void
html_prose(struct emit *w, const char *text)
{
	struct sbuf *b = html_host->emit_out(w);

	html_head(w, NULL);
	html_host->sbuf_adds(b, "<pre>");
	html_text(b, text, HTML_KEEP);
	html_host->sbuf_adds(b, "</pre>\n");
}

static const struct emit_backend html_backend = {
	.flags = EMIT_PROSE | EMIT_TABLES,
	.state_size = sizeof(struct html_doc),
	.begin_doc = html_begin_doc,
	.finish = html_finish,
	.begin_table = html_begin_table,
	.row = html_row,
	.end_table = html_end_table,
	.prose = html_prose,
};

/* Register the format; the host's table is kept for the back end. */
static int
html_init(const struct plugin_host *host, struct error *e)
{
	html_host = host;
	if (host->add_format("html", &html_backend) != 0)
		return host->error_set(e, EXIT_ENV, "html: the format 'html' is taken");
	return 0;
}

const struct plugin_desc baodao_plugin = {
	.size = sizeof(struct plugin_desc),
	.api = PLUGIN_API,
	.build = PLUGIN_BUILD,
	.name = "html",
	.version = "1.0",
	.summary = "each report as one self-contained printable page; the year summary"
	    " with inline SVG charts",
	.writes = "html",
	.init = html_init,
};
