/*
 * pane_source.c: the module's source around its latest HAL call.
 *
 * The line shown is the call site of the newest module event at or
 * before the cursor: the call whose effect the RMP pane highlights, and
 * where a precondition names its clause. Focused, the pane scrolls; the
 * next step centres it on the call again.
 */
#include "ui.h"

#define TAB_WIDTH 4

/* src with tabs expanded, into buf. */
static void expand_tabs(const char *src, char *buf, size_t len)
{
	size_t at = 0;
	for (; *src && at + 1 < len; src++) {
		if (*src != '\t') {
			buf[at++] = *src;
			continue;
		}
		do
			buf[at++] = ' ';
		while (at % TAB_WIDTH && at + 1 < len);
	}
	buf[at] = '\0';
}

void draw_source(struct ui *u)
{
	const struct model *m = u->m;
	struct rect r = u->lay.pane[PANE_SOURCE];
	size_t step;
	const struct sim_event *ev = model_last_module_event(m, &step);
	if (!ev) {
		draw_title(u, PANE_SOURCE, "Source");
		put_text(r.y + 1, r.x, r.w, A_NORMAL, true,
		         "  The module has not run yet: its source shows from its first step.");
		return;
	}
	draw_title(u, PANE_SOURCE, "Source  %s:%d  (step %zu: module vCPU%u %s)", ev->site.file,
	           ev->site.line, step + 1, ev->vcpu, op_name(ev->op));
	int body = r.h - 1;
	int first = ev->site.line - (body - 1) / 2;
	if (!u->follow[PANE_SOURCE])
		first += u->scroll[PANE_SOURCE];
	if (first < 1)
		first = 1;
	for (int y = 0; y < body; y++) {
		int n = first + y;
		const char *line = source_line(ev->site.file, n);
		bool here = n == ev->site.line;
		char text[512];
		if (!line && here)   /* no source file: the call's text is all there is */
			line = ev->site.text ? ev->site.text : "";
		if (!line) {
			put_text(r.y + 1 + y, r.x, r.w, A_NORMAL, true, "");
			continue;
		}
		expand_tabs(line, text, sizeof(text));
		put_fmt(r.y + 1 + y, r.x, r.w, here ? style(ST_SOURCE_LINE) : A_NORMAL, true,
		        "%c%5d  %s", here ? '>' : ' ', n, text);
	}
}
