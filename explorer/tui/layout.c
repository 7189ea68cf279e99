/*
 * layout.c: where each pane goes.
 *
 * 80x24 is the size every pane must fit; more rows go mostly to the
 * timeline and the tables, more columns to the NPT. From 150 columns on
 * (a presenter's terminal) the timeline spans the whole width, so its
 * lanes grow with it, and below it the tables keep their natural width
 * while the source beside them takes every other column: the screen has
 * no empty half. Below 60x16 there is no useful layout and the screen
 * says so instead. Watches, when there are any, sit above the status,
 * a row each and a title, at most a quarter of the screen.
 */
#include "ui.h"

#define MIN_ROWS 16
#define MIN_COLS 60
#define WIDE_COLS 150
#define STATUS_ROWS 3

static struct rect rect(int y, int x, int h, int w)
{
	return (struct rect){ y, x, h, w };
}

/* The RMP at x, at its natural width (NPT needs ~26), the NPT beside it with the rest. */
static void tables(struct layout *l, int y, int x, int h, int cols)
{
	int rw = table_width(TABLE_RMP);
	int nw = table_width(TABLE_NPT);
	if (rw > cols - nw - 1)
		rw = cols - nw - 1;
	l->pane[PANE_RMP] = rect(y, x, h, rw);
	l->pane[PANE_NPT] = rect(y, x + rw + 1, h, cols - rw - 1);
}

void layout_compute(struct layout *l, int rows, int cols, int watches)
{
	l->too_small = rows < MIN_ROWS || cols < MIN_COLS;
	l->keys = rect(rows - 1, 0, 1, cols);
	l->status = rect(rows - 1 - STATUS_ROWS, 0, STATUS_ROWS, cols);
	if (watches > rows / 4)
		watches = rows / 4;
	l->watches = rect(rows - 1 - STATUS_ROWS - watches, 0, watches, cols);
	int h = rows - 1 - STATUS_ROWS - watches;   /* the panes share rows 0..h-1 */
	if (cols >= WIDE_COLS) {
		int top = h * 2 / 5;
		int tw = table_width(TABLE_RMP) + 1 + table_width(TABLE_NPT);
		l->pane[PANE_TIMELINE] = rect(0, 0, top, cols);
		l->pane[PANE_SOURCE] = rect(top, 0, h - top, cols - tw - 1);
		tables(l, top, cols - tw, h - top, tw);
		return;
	}
	int th = h * 2 / 5, sh = h / 4;
	l->pane[PANE_TIMELINE] = rect(0, 0, th, cols);
	l->pane[PANE_SOURCE] = rect(th, 0, sh, cols);
	tables(l, th + sh, 0, h - th - sh, cols);
}
