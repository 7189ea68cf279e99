/*
 * pane_tables.c: the RMP (one row per SPA) and the NPT with the owners
 * (one row per GPA), with the cells the last step changed highlighted
 * and their rows marked "*".
 *
 * Until scrolled by hand, a table shows the row that the newest step at
 * or before the cursor changed. That depends on the cursor alone, not on
 * how the user got there, so stepping back and forth shows the same
 * screen for the same step.
 */
#include "ui.h"

int table_width(enum table tb)
{
	unsigned n;
	const struct column *c = table_columns(tb, &n);
	int w = 1;   /* the "*" marker */
	for (unsigned i = 0; i < n; i++)
		w += 1 + c[i].width;
	return w;
}

static void draw_table(struct ui *u, enum pane p, enum table tb, const char *title)
{
	static unsigned rows[MACHINE_MAX_PAGES];
	const struct model *m = u->m;
	struct rect r = u->lay.pane[p];
	unsigned ncols, n = table_rows(tb, &m->before, &m->now, rows, MACHINE_MAX_PAGES);
	const struct column *cols = table_columns(tb, &ncols);
	int changed = 0, focus = 0, focus_row = model_changed_row(m, tb);
	for (unsigned i = 0; i < n; i++) {
		changed += row_changed(tb, &m->before, &m->now, rows[i]);
		if ((int)rows[i] == focus_row)
			focus = (int)i;
	}
	if (changed)
		draw_title(u, p, "%s  %d changed by step %zu", title, changed, m->cursor);
	else
		draw_title(u, p, "%s", title);

	int x = r.x + 1;   /* after the marker column */
	put_text(r.y + 1, r.x, 1, style(ST_HEADER), false, " ");
	for (unsigned c = 0; c < ncols; c++)
		x += put_fmt(r.y + 1, x, r.x + r.w - x, style(ST_HEADER), false, " %-*s",
		             cols[c].width, cols[c].head);
	put_text(r.y + 1, x, r.x + r.w - x, style(ST_HEADER), true, "");

	int body = r.h - 2;
	if (u->follow[p])
		u->scroll[p] = focus - body / 3;
	if (u->scroll[p] > (int)n - body)
		u->scroll[p] = (int)n - body;
	if (u->scroll[p] < 0)
		u->scroll[p] = 0;
	for (int y = 0; y < body; y++) {
		int i = u->scroll[p] + y, yy = r.y + 2 + y;
		put_text(yy, r.x, r.w, A_NORMAL, true, "");
		if (i >= (int)n)
			continue;
		unsigned row = rows[i];
		bool mark = row_changed(tb, &m->before, &m->now, row);
		put_text(yy, r.x, 1, mark ? style(ST_CHANGED) : A_NORMAL, false, mark ? "*" : " ");
		x = r.x + 1;
		for (unsigned c = 0; c < ncols && x < r.x + r.w; c++) {
			char cell[32];
			cols[c].show(&m->now, row, cell, sizeof(cell));
			bool hot = c > 0 && cell_changed(tb, &m->before, &m->now, row, c);
			x += put_text(yy, x, r.x + r.w - x, A_NORMAL, false, " ");
			x += put_fmt(yy, x, r.x + r.w - x, hot ? style(ST_CHANGED) : A_NORMAL, false,
			             "%-*s", cols[c].width, cell);
		}
	}
}

void draw_tables(struct ui *u)
{
	draw_table(u, PANE_RMP, TABLE_RMP, "RMP");
	draw_table(u, PANE_NPT, TABLE_NPT, "NPT + owners");
	struct rect r = u->lay.pane[PANE_RMP];
	for (int y = r.y; y < r.y + r.h; y++)
		put_text(y, r.x + r.w, 1, A_NORMAL, false, "|");
}
