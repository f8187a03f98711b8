/*
 * chart.c - the html plugin's charts: a table with a chart hint (emit.h)
 * drawn as one inline SVG, bars per row (with negative values and a
 * target line), each row's shares of its sum (a distribution), or lines
 * across the rows (a time series).  Every chart has a <title> and a
 * <desc> named by aria-labelledby, and every mark a <title> with its
 * row, series and value; the same numbers are in the table the page
 * writes under it.  Bars of more than CHART_MAX_COLS rows lie down, a
 * row each.  Coordinates are printed with one decimal in the C locale,
 * so the same table gives the same bytes.
 */
#include <string.h>

#include "html.h"

#define CHART_W       760     /* the drawing's width, in px */
#define CHART_TOP     34      /* room for the legend */
#define CHART_LEFT    58      /* room for the value axis */
#define CHART_RIGHT   18
#define CHART_PLOT_H  220
#define CHART_LABEL_W 190     /* shares: the row labels' column */
#define CHART_ROW_H   22
#define CHART_MAX_COLS 30     /* bars: more rows than this lie down, a row each */

static const char *const chart_colors[] = { "#2e6da4", "#d9822b", "#3a9d5d", "#b8433e",
	"#7d5ba6", "#8c6d31", "#2aa1a8", "#9a9a9a" };
#define CHART_NCOLORS (sizeof chart_colors / sizeof chart_colors[0])

/* A chart being drawn: the table, its rows, and the value axis. */
struct chart {
	struct sbuf *b;
	const struct emit_table *t;
	const struct emit_chart *c;
	char *const *const *cells;
	size_t n;
	double lo, hi, step;      /* the value axis: ticks every step */
};

/* The number of row R's series K; 0 when it has none. */
static int
chart_value(const struct chart *ch, size_t r, size_t k, double *v)
{
	return html_number(ch->cells[r][ch->c->series[k]], v);
}

/* The width a text takes at 11px: about a full em for CJK, less for ASCII. */
static double
chart_text_w(const char *s)
{
	double w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			w += 6.5;
		else if (*p >= 0xc0)
			w += 11.5;
	return w;
}

/* What a value says in a mark's title: the cell, and the unit. */
static void
chart_value_text(const struct chart *ch, size_t r, size_t k)
{
	html_text(ch->b, ch->cells[r][ch->c->series[k]], HTML_SPACE);
	if (ch->c->unit)
		html_text(ch->b, ch->c->unit, HTML_SPACE);
}

/* "row: series" for a mark's title. */
static void
chart_mark_name(const struct chart *ch, size_t r, size_t k)
{
	html_text(ch->b, ch->cells[r][ch->c->label], HTML_SPACE);
	html_host->sbuf_adds(ch->b, ": ");
	html_text(ch->b, ch->t->columns[ch->c->series[k]], HTML_SPACE);
	html_host->sbuf_adds(ch->b, " ");
}

/* A round step near range/5: 1, 2 or 5 times a power of ten. */
static double
chart_step(double range)
{
	double raw = range / 5, mag = 1;

	while (mag * 10 <= raw)
		mag *= 10;
	while (mag > raw)
		mag /= 10;
	if (raw <= mag)
		return mag;
	if (raw <= 2 * mag)
		return 2 * mag;
	if (raw <= 5 * mag)
		return 5 * mag;
	return 10 * mag;
}

/* The multiple of step at or below (down) or at or above v. */
static double
chart_round(double v, double step, int down)
{
	double k = (double)(long long)(v / step);

	if (down && k * step > v)
		k -= 1;
	if (!down && k * step < v)
		k += 1;
	return k * step;
}

/* The value axis: from 0 (or below, for negative values) to the largest
 * value or the target, in round steps. */
static void
chart_scale(struct chart *ch)
{
	double v, lo = 0, hi = 0;

	for (size_t r = 0; r < ch->n; r++)
		for (size_t k = 0; k < ch->c->nseries; k++)
			if (chart_value(ch, r, k, &v)) {
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
	if (ch->c->has_target) {
		lo = ch->c->target < lo ? ch->c->target : lo;
		hi = ch->c->target > hi ? ch->c->target : hi;
	}
	if (hi - lo <= 0)
		hi = lo + 1;
	ch->step = chart_step(hi - lo);
	ch->lo = chart_round(lo, ch->step, 1);
	ch->hi = chart_round(hi, ch->step, 0);
}

/* The y of value v in the plot. */
static double
chart_y(const struct chart *ch, double v)
{
	return CHART_TOP + (ch->hi - v) / (ch->hi - ch->lo) * CHART_PLOT_H;
}

/* The legend: a swatch and the name of each series, in a row on top. */
static void
chart_legend(const struct chart *ch)
{
	double x = CHART_LEFT;

	for (size_t k = 0; k < ch->c->nseries; k++) {
		const char *name = ch->t->columns[ch->c->series[k]];

		html_host->sbuf_addf(ch->b, "<rect x=\"%.1f\" y=\"8\" width=\"10\" height=\"10\""
		    " fill=\"%s\"/><text x=\"%.1f\" y=\"17\">", x,
		    chart_colors[k % CHART_NCOLORS], x + 14);
		html_text(ch->b, name, HTML_SPACE);
		html_host->sbuf_adds(ch->b, "</text>");
		x += 26 + chart_text_w(name);
	}
	html_host->sbuf_adds(ch->b, "\n");
}

/* Grid lines and value labels at each step, and the zero line. */
static void
chart_axis(const struct chart *ch)
{
	for (int i = 0; ch->lo + i * ch->step <= ch->hi + ch->step / 2; i++) {
		double v = ch->lo + i * ch->step, y = chart_y(ch, v), shown = v;

		if (shown > -ch->step / 1e6 && shown < ch->step / 1e6)
			shown = 0;
		html_host->sbuf_addf(ch->b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
		    " stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
		    CHART_LEFT, y, CHART_W - CHART_RIGHT, y, CHART_LEFT - 6, y + 4, shown);
	}
	html_host->sbuf_addf(ch->b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
	    " stroke=\"#333\"/>\n", CHART_LEFT, chart_y(ch, 0), CHART_W - CHART_RIGHT,
	    chart_y(ch, 0));
	if (ch->c->unit) {
		html_host->sbuf_addf(ch->b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    CHART_LEFT - 6, CHART_TOP - 10);
		html_text(ch->b, ch->c->unit, HTML_SPACE);
		html_host->sbuf_adds(ch->b, "</text>\n");
	}
}

/* The target as a dashed line across the plot, named at its right end. */
static void
chart_target(const struct chart *ch)
{
	double y;

	if (!ch->c->has_target)
		return;
	y = chart_y(ch, ch->c->target);
	html_host->sbuf_addf(ch->b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
	    " stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>",
	    CHART_LEFT, y, CHART_W - CHART_RIGHT, y);
	html_text(ch->b, ch->c->target_label ? ch->c->target_label : "", HTML_SPACE);
	html_host->sbuf_addf(ch->b, "</title></line><text x=\"%d\" y=\"%.1f\""
	    " text-anchor=\"end\" fill=\"#c0392b\">", CHART_W - CHART_RIGHT, y - 4);
	html_text(ch->b, ch->c->target_label ? ch->c->target_label : "", HTML_SPACE);
	html_host->sbuf_adds(ch->b, "</text>\n");
}

/* A row's label under the plot at x, turned when the rows are many. */
static void
chart_x_label(const struct chart *ch, size_t r, double x, int turn)
{
	double y = CHART_TOP + CHART_PLOT_H + 14;

	if (turn)
		html_host->sbuf_addf(ch->b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\""
		    " transform=\"rotate(-40 %.1f %.1f)\">", x, y, x, y);
	else
		html_host->sbuf_addf(ch->b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		    x, y);
	html_text(ch->b, ch->cells[r][ch->c->label], HTML_SPACE);
	html_host->sbuf_adds(ch->b, "</text>\n");
}

/* Is the longest row label too wide to stand upright under its slot? */
static int
chart_turn(const struct chart *ch, double slot)
{
	for (size_t r = 0; r < ch->n; r++)
		if (chart_text_w(ch->cells[r][ch->c->label]) > slot - 4)
			return 1;
	return 0;
}

/* Bars: a group per row, a bar per series, up or down from zero. */
static void
chart_bars(struct chart *ch)
{
	double pw = CHART_W - CHART_LEFT - CHART_RIGHT, gw = pw / ch->n;
	double bw = gw * 0.8 / ch->c->nseries, v;
	int turn = chart_turn(ch, gw);

	if (bw > 28)
		bw = 28;
	chart_scale(ch);
	chart_axis(ch);
	for (size_t r = 0; r < ch->n; r++) {
		double x0 = CHART_LEFT + r * gw + (gw - bw * ch->c->nseries) / 2;

		for (size_t k = 0; k < ch->c->nseries; k++) {
			double y0 = chart_y(ch, 0), y1;

			if (!chart_value(ch, r, k, &v))
				continue;
			y1 = chart_y(ch, v);
			html_host->sbuf_addf(ch->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
			    " height=\"%.1f\" fill=\"%s\"><title>", x0 + k * bw, y1 < y0 ? y1 : y0,
			    bw - 1, y1 < y0 ? y0 - y1 : y1 - y0, chart_colors[k % CHART_NCOLORS]);
			chart_mark_name(ch, r, k);
			chart_value_text(ch, r, k);
			html_host->sbuf_adds(ch->b, "</title></rect>\n");
		}
		chart_x_label(ch, r, CHART_LEFT + (r + 0.5) * gw, turn);
	}
	chart_target(ch);
}

/* Is the chart one of bars lying down (too many rows to stand side by
 * side)? */
static int
chart_lying(const struct chart *ch)
{
	return ch->c->kind == EMIT_CHART_BARS && ch->n > CHART_MAX_COLS;
}

/* The x of value v in bars lying down. */
static double
chart_x(const struct chart *ch, double v)
{
	double left = CHART_LABEL_W + 8, pw = CHART_W - left - CHART_RIGHT;

	return left + (v - ch->lo) / (ch->hi - ch->lo) * pw;
}

/* The value axis of bars lying down: along the top, grid lines down. */
static void
chart_axis_lying(const struct chart *ch)
{
	double bottom = CHART_TOP + 16 + (double)ch->n * CHART_ROW_H;

	for (int i = 0; ch->lo + i * ch->step <= ch->hi + ch->step / 2; i++) {
		double v = ch->lo + i * ch->step, x = chart_x(ch, v);

		if (v > -ch->step / 1e6 && v < ch->step / 1e6)
			v = 0;
		html_host->sbuf_addf(ch->b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\""
		    " stroke=\"%s\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n",
		    x, CHART_TOP + 16, x, bottom, v == 0 ? "#333" : "#ddd", x, CHART_TOP + 12, v);
	}
	if (ch->c->has_target) {
		double x = chart_x(ch, ch->c->target);

		html_host->sbuf_addf(ch->b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\""
		    " stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>",
		    x, CHART_TOP + 16, x, bottom);
		html_text(ch->b, ch->c->target_label ? ch->c->target_label : "", HTML_SPACE);
		html_host->sbuf_adds(ch->b, "</title></line>\n");
	}
}

/* Bars lying down: a row per table row, its label on the left, a bar per
 * series from zero. */
static void
chart_bars_lying(struct chart *ch)
{
	double bh = (CHART_ROW_H - 4) / (double)ch->c->nseries, v;

	chart_scale(ch);
	chart_axis_lying(ch);
	for (size_t r = 0; r < ch->n; r++) {
		double y = CHART_TOP + 16 + (double)r * CHART_ROW_H;

		html_host->sbuf_addf(ch->b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
		    CHART_LABEL_W, y + 15);
		html_text(ch->b, ch->cells[r][ch->c->label], HTML_SPACE);
		html_host->sbuf_adds(ch->b, "</text>\n");
		for (size_t k = 0; k < ch->c->nseries; k++) {
			double x0 = chart_x(ch, 0), x1;

			if (!chart_value(ch, r, k, &v))
				continue;
			x1 = chart_x(ch, v);
			html_host->sbuf_addf(ch->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
			    " height=\"%.1f\" fill=\"%s\"><title>", x1 < x0 ? x1 : x0, y + 2 + k * bh,
			    x1 < x0 ? x0 - x1 : x1 - x0, bh - 0.5, chart_colors[k % CHART_NCOLORS]);
			chart_mark_name(ch, r, k);
			chart_value_text(ch, r, k);
			html_host->sbuf_adds(ch->b, "</title></rect>\n");
		}
	}
}

/* Lines: a point per row and series, joined across the rows that have
 * a value. */
static void
chart_lines(struct chart *ch)
{
	double pw = CHART_W - CHART_LEFT - CHART_RIGHT, gw = pw / ch->n, v;
	int turn = chart_turn(ch, gw);

	chart_scale(ch);
	chart_axis(ch);
	for (size_t k = 0; k < ch->c->nseries; k++) {
		const char *color = chart_colors[k % CHART_NCOLORS];
		int pen = 0;

		html_host->sbuf_addf(ch->b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
		    " d=\"", color);
		for (size_t r = 0; r < ch->n; r++) {
			if (!chart_value(ch, r, k, &v)) {
				pen = 0;
				continue;
			}
			html_host->sbuf_addf(ch->b, "%s%.1f %.1f ", pen ? "L" : "M",
			    CHART_LEFT + (r + 0.5) * gw, chart_y(ch, v));
			pen = 1;
		}
		html_host->sbuf_adds(ch->b, "\"/>\n");
		for (size_t r = 0; r < ch->n; r++) {
			if (!chart_value(ch, r, k, &v))
				continue;
			html_host->sbuf_addf(ch->b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\""
			    " fill=\"%s\"><title>", CHART_LEFT + (r + 0.5) * gw, chart_y(ch, v),
			    color);
			chart_mark_name(ch, r, k);
			chart_value_text(ch, r, k);
			html_host->sbuf_adds(ch->b, "</title></circle>\n");
		}
	}
	for (size_t r = 0; r < ch->n; r++)
		chart_x_label(ch, r, CHART_LEFT + (r + 0.5) * gw, turn);
	chart_target(ch);
}

/* One row of shares: a bar divided by the series' parts of its sum. */
static void
chart_share_row(struct chart *ch, size_t r, double y)
{
	double pw = CHART_W - CHART_LABEL_W - 8 - 60, x = CHART_LABEL_W + 8, sum = 0, v;

	html_host->sbuf_addf(ch->b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
	    CHART_LABEL_W, y + 15);
	html_text(ch->b, ch->cells[r][ch->c->label], HTML_SPACE);
	html_host->sbuf_adds(ch->b, "</text>\n");
	for (size_t k = 0; k < ch->c->nseries; k++)
		if (chart_value(ch, r, k, &v) && v > 0)
			sum += v;
	for (size_t k = 0; k < ch->c->nseries && sum > 0; k++) {
		double w;

		if (!chart_value(ch, r, k, &v) || v <= 0)
			continue;
		w = v / sum * pw;
		html_host->sbuf_addf(ch->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
		    " height=\"%d\" fill=\"%s\"><title>", x, y + 2, w, CHART_ROW_H - 4,
		    chart_colors[k % CHART_NCOLORS]);
		chart_mark_name(ch, r, k);
		chart_value_text(ch, r, k);
		html_host->sbuf_addf(ch->b, " (%.1f%%)</title></rect>\n", 100 * v / sum);
		if (w >= 22) {
			html_host->sbuf_addf(ch->b, "<text x=\"%.1f\" y=\"%.1f\""
			    " text-anchor=\"middle\" fill=\"#fff\">", x + w / 2, y + 15);
			html_text(ch->b, ch->cells[r][ch->c->series[k]], HTML_SPACE);
			html_host->sbuf_adds(ch->b, "</text>\n");
		}
		x += w;
	}
	html_host->sbuf_addf(ch->b, "<text x=\"%.1f\" y=\"%.1f\">%g</text>\n",
	    CHART_LABEL_W + 8 + pw + 6, y + 15, sum);
}

/* Shares: a bar per row, the whole bar being the row's sum. */
static void
chart_shares(struct chart *ch)
{
	for (size_t r = 0; r < ch->n; r++)
		chart_share_row(ch, r, CHART_TOP + (double)r * CHART_ROW_H);
}

/* The widest row label. */
static double
chart_label_w(const struct chart *ch)
{
	double w = 0;

	for (size_t r = 0; r < ch->n; r++)
		if (chart_text_w(ch->cells[r][ch->c->label]) > w)
			w = chart_text_w(ch->cells[r][ch->c->label]);
	return w;
}

/* Room left of the drawing for the row labels: those of shares stand
 * left of their bars; turned ones (40 degrees) reach about three quarters
 * of their width left of their anchor. */
static int
chart_pad(const struct chart *ch)
{
	double slot = (CHART_W - CHART_LEFT - CHART_RIGHT) / (double)ch->n, need = 0;

	if (ch->c->kind == EMIT_CHART_SHARES || chart_lying(ch))
		need = chart_label_w(ch) + 4 - CHART_LABEL_W;
	else if (chart_turn(ch, slot))
		for (size_t r = 0; r < ch->n; r++) {
			double w = chart_text_w(ch->cells[r][ch->c->label]) * 0.77 - CHART_LEFT -
			    (r + 0.5) * slot;

			need = w > need ? w : need;
		}
	return need > 0 ? (int)need + 4 : 0;
}

/* The chart's height, by its kind and rows: turned labels reach about
 * two thirds of their width down. */
static int
chart_height(const struct chart *ch)
{
	double slot = (CHART_W - CHART_LEFT - CHART_RIGHT) / (double)ch->n;

	if (ch->c->kind == EMIT_CHART_SHARES)
		return CHART_TOP + (int)ch->n * CHART_ROW_H + 8;
	if (chart_lying(ch))
		return CHART_TOP + 16 + (int)ch->n * CHART_ROW_H + 8;
	if (chart_turn(ch, slot))
		return CHART_TOP + CHART_PLOT_H + 24 + (int)(chart_label_w(ch) * 0.65);
	return CHART_TOP + CHART_PLOT_H + 30;
}

/* What the chart shows, in words, for screen readers. */
static void
chart_desc(const struct chart *ch)
{
	const struct plugin_host *h = html_host;
	const struct emit_chart *c = ch->c;

	h->sbuf_adds(ch->b, c->kind == EMIT_CHART_BARS ? h->tr("Bar chart", "柱状图") :
	    c->kind == EMIT_CHART_LINE ? h->tr("Line chart", "折线图") :
	    h->tr("Shares chart", "构成图"));
	h->sbuf_adds(ch->b, h->tr(" of ", "："));
	for (size_t k = 0; k < c->nseries; k++) {
		if (k)
			h->sbuf_adds(ch->b, h->tr(", ", "、"));
		html_text(ch->b, ch->t->columns[c->series[k]], HTML_SPACE);
	}
	h->sbuf_adds(ch->b, h->tr(" by ", "，按"));
	html_text(ch->b, ch->t->columns[c->label], HTML_SPACE);
	if (c->has_target) {
		h->sbuf_adds(ch->b, h->tr("; the dashed line is ", "；虚线为"));
		html_text(ch->b, c->target_label ? c->target_label : "", HTML_SPACE);
	}
	h->sbuf_adds(ch->b, h->tr(". The numbers are in the table below.", "。数值见下表。"));
}

void
html_chart(struct sbuf *b, const struct emit_table *t, char *const *const *cells,
    size_t nrows, int id)
{
	struct chart ch = { b, t, t->chart, cells, nrows, 0, 1, 1 };
	int height = chart_height(&ch), pad = chart_pad(&ch);

	html_host->sbuf_addf(b, "<figure>\n<svg role=\"img\" aria-labelledby=\"chart%d-t"
	    " chart%d-d\" viewBox=\"%d 0 %d %d\" width=\"%d\" height=\"%d\""
	    " font-size=\"11\">\n<title id=\"chart%d-t\">", id, id, -pad,
	    CHART_W + pad, height, CHART_W + pad, height, id);
	html_text(b, t->title ? t->title : "", HTML_SPACE);
	html_host->sbuf_addf(b, "</title>\n<desc id=\"chart%d-d\">", id);
	chart_desc(&ch);
	html_host->sbuf_adds(b, "</desc>\n");
	chart_legend(&ch);
	if (chart_lying(&ch))
		chart_bars_lying(&ch);
	else if (t->chart->kind == EMIT_CHART_BARS)
		chart_bars(&ch);
	else if (t->chart->kind == EMIT_CHART_LINE)
		chart_lines(&ch);
	else
		chart_shares(&ch);
	html_host->sbuf_adds(b, "</svg>\n</figure>\n");
}
