/*
 * pane_watches.c: the watches (w adds one), each with its value at the
 * cursor and the step that last changed it; a watch the current step
 * changed is highlighted. The pane is there only while something is
 * watched: it takes its rows from the tables.
 */
#include "ui.h"

void draw_watches(struct ui *u)
{
	const struct model *m = u->m;
	struct rect r = u->lay.watches;
	if (r.h == 0)
		return;
	put_fmt(r.y, r.x, r.w, style(ST_TITLE), true,
	        " Watches  last changed at  (w adds one, w Enter clears; W goes back to a change)");
	for (unsigned k = 0; k < m->nwatches && (int)k + 1 < r.h; k++) {
		char value[WATCH_TEXT_MAX], when[32] = "-";
		model_watch_value(m, k, value, sizeof(value));
		size_t at = model_watch_changed(m, k, m->cursor);
		if (at)
			snprintf(when, sizeof(when), "step %zu", at);
		bool now = at && at == m->cursor;
		put_fmt(r.y + 1 + (int)k, r.x, r.w, now ? style(ST_CHANGED) : A_NORMAL, true,
		        "%c %-10s %s = %s", now ? '*' : ' ', when, m->watches[k].text, value);
	}
}
