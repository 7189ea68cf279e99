/*
 * draw.c: styles and clipped text, the few primitives every pane uses.
 *
 * Each style has a colour form and a monochrome form (has_colors()
 * decides), and the panes also mark what a style says with a character
 * (">" current, "!" check fired, "*" changed), so nothing depends on
 * colour alone and the screen reads the same in a capture.
 */
#include <stdarg.h>
#include <string.h>

#include "ui.h"

static attr_t attrs[ST_COUNT];

void style_init(bool color)
{
	static const struct {
		short fg, bg;
		attr_t extra, mono;
	} def[ST_COUNT] = {
		[ST_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
		[ST_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
		[ST_TITLE_FOCUS] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
		[ST_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_UNDERLINE },
		[ST_CURRENT] = { -1, -1, A_REVERSE, A_REVERSE },
		[ST_VIOLATION] = { COLOR_RED, -1, A_BOLD, A_BOLD },
		[ST_CURRENT_VIOLATION] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
		[ST_CHANGED] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
		[ST_FUTURE] = { -1, -1, A_DIM, A_DIM },
		[ST_REFUSED] = { COLOR_MAGENTA, -1, A_NORMAL, A_BOLD },
		[ST_SOURCE_LINE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
		[ST_GOOD] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
		[ST_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	};
	if (color) {
		start_color();
		use_default_colors();   /* -1: the terminal's own colours */
	}
	for (int s = 0; s < ST_COUNT; s++) {
		bool paired = color && (def[s].fg != -1 || def[s].bg != -1);
		if (paired)
			init_pair((short)s, def[s].fg, def[s].bg);
		attrs[s] = color ? def[s].extra | (paired ? COLOR_PAIR(s) : 0) : def[s].mono;
	}
}

attr_t style(enum style s)
{
	return s < ST_COUNT ? attrs[s] : A_NORMAL;
}

/*
 * A blank keeps only what shows on a blank: reverse, underline, a
 * background colour. ncurses may clear a blank that is merely bold or dim
 * instead of writing it, so such a blank would come out differently
 * depending on what was on the screen before; dropping those attributes
 * makes the screen a function of what is drawn (and golden screens exact).
 */
static attr_t blank_attr(attr_t a)
{
	attr_t keep = a & (A_REVERSE | A_STANDOUT | A_UNDERLINE);
	short pair = (short)PAIR_NUMBER(a), fg, bg;
	if (pair && pair_content(pair, &fg, &bg) == OK && (bg != -1 || keep))
		keep |= COLOR_PAIR(pair);
	return keep;
}

int put_text(int y, int x, int w, attr_t a, bool fill, const char *s)
{
	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	attr_t blank = blank_attr(a);
	int n = 0;
	move(y, x);
	for (; s[n] && n < w; n++) {
		chtype c = (unsigned char)(s[n] == '\t' ? ' ' : s[n]);
		addch(c | (c == ' ' ? blank : a));
	}
	for (int i = n; fill && i < w; i++)
		addch(' ' | blank);
	return n;
}

int put_fmt(int y, int x, int w, attr_t a, bool fill, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return put_text(y, x, w, a, fill, buf);
}

void draw_title(const struct ui *u, enum pane p, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct rect r = u->lay.pane[p];
	bool focus = u->focus == p && u->mode == MODE_MAIN;
	put_fmt(r.y, r.x, r.w, style(focus ? ST_TITLE_FOCUS : ST_TITLE), true, "%s%s",
	        focus ? "*" : " ", buf);
}

void draw_box(struct rect r, const char *title)
{
	char line[512];
	int w = r.w < (int)sizeof(line) ? r.w : (int)sizeof(line) - 1;
	if (w < 2 || r.h < 2)
		return;
	memset(line, '-', (size_t)w);
	line[0] = line[w - 1] = '+';
	line[w] = '\0';
	put_text(r.y, r.x, w, A_NORMAL, false, line);
	put_text(r.y + r.h - 1, r.x, w, A_NORMAL, false, line);
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		put_text(y, r.x, 1, A_NORMAL, false, "|");
		put_text(y, r.x + 1, w - 2, A_NORMAL, true, "");
		put_text(y, r.x + w - 1, 1, A_NORMAL, false, "|");
	}
	put_fmt(r.y, r.x + 2, w - 4, A_BOLD, false, " %s ", title);
}
