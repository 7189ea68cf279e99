/*
 * lists.c: the overlays that offer a choice from a list.
 *
 *   h  what happens next at the cursor (moves.c): choosing forks a branch
 *   b  the branches: switch to another one
 *   B  the catalog's bugs: switching one runs the trace again from the start
 *
 * They share one way of drawing (a centred box) and of moving through a
 * list; the help overlay (keys.c) uses both too.
 */
#include <string.h>

#include "ui.h"
#include "../catalog/catalog.h"

#define ESC 27

static bool is_enter(int ch)
{
	return ch == '\n' || ch == '\r' || ch == KEY_ENTER;
}

bool list_move(struct list_state *ls, int n, int page, int ch)
{
	int *at = ls->sel >= 0 ? &ls->sel : &ls->top;
	switch (ch) {
	case 'j': case KEY_DOWN: *at += 1; break;
	case 'k': case KEY_UP: *at -= 1; break;
	case 'd': case KEY_NPAGE: *at += page; break;
	case 'u': case KEY_PPAGE: *at -= page; break;
	case '<': case KEY_HOME: *at = 0; break;
	case '>': case KEY_END: *at = n - 1; break;
	default: return false;
	}
	if (*at >= n)
		*at = n - 1;
	if (*at < 0)
		*at = 0;
	return true;
}

void draw_list(const char *title, const char *footer, int n, struct list_state *ls,
               void (*row)(const struct ui *u, int i, char *buf, size_t len), const struct ui *u)
{
	char text[256];
	int w = (int)strlen(title) + 6, fw = (int)strlen(footer) + 4;
	if (fw > w)
		w = fw;
	for (int i = 0; i < n; i++) {
		row(u, i, text, sizeof(text));
		if ((int)strlen(text) + 6 > w)
			w = (int)strlen(text) + 6;
	}
	if (w > COLS - 2)
		w = COLS - 2;
	int h = n + 3 < LINES - 2 ? n + 3 : LINES - 2;   /* border, rows, footer, border */
	int shown = h - 3;
	if (shown < 1)
		return;
	if (ls->sel >= 0 && ls->sel < ls->top)
		ls->top = ls->sel;
	if (ls->sel >= ls->top + shown)
		ls->top = ls->sel - shown + 1;
	if (ls->top > n - shown)
		ls->top = n - shown;
	if (ls->top < 0)
		ls->top = 0;
	struct rect r = { (LINES - h) / 2, (COLS - w) / 2, h, w };
	draw_box(r, title);
	for (int k = 0; k < shown && ls->top + k < n; k++) {
		int i = ls->top + k;
		row(u, i, text, sizeof(text));
		bool sel = i == ls->sel;
		put_fmt(r.y + 1 + k, r.x + 1, w - 2, sel ? style(ST_SELECTED) : A_NORMAL, true, "%c %s",
		        sel ? '>' : ' ', text);
	}
	const char *more = ls->top + shown < n ? "  (more below)" : "";
	put_fmt(r.y + h - 2, r.x + 1, w - 2, A_DIM, true, "  %s%s", footer, more);
}

/* --- h: what happens next -------------------------------------------------- */

void menu_open(struct ui *u)
{
	u->nmoves = model_moves_at(u->m, u->moves, MOVES_MAX);
	if (u->nmoves == 0) {
		ui_message(u, "nothing can happen at step %zu", u->m->cursor);
		return;
	}
	u->mode = MODE_MENU;
	u->list = (struct list_state){ 0, 0 };
}

static void menu_row(const struct ui *u, int i, char *buf, size_t len)
{
	snprintf(buf, len, "%s", u->moves[i].label);
}

/* --- b: branches ----------------------------------------------------------- */

void branches_open(struct ui *u)
{
	u->mode = MODE_BRANCHES;
	u->list = (struct list_state){ (int)u->bs->cur, 0 };
}

static void branch_row(const struct ui *u, int i, char *buf, size_t len)
{
	const struct branch *b = u->bs->b[i];
	if (b->parent < 0)
		snprintf(buf, len, "%c %2d  %s (%zu steps)", (unsigned)i == u->bs->cur ? '*' : ' ', i + 1,
		         b->what[0] ? b->what : "the trace as opened", b->t.n);
	else
		snprintf(buf, len, "%c %2d  branch %d to step %zu, then %s (%zu steps)",
		         (unsigned)i == u->bs->cur ? '*' : ' ', i + 1, b->parent + 1, b->fork_at,
		         b->what, b->t.n);
}

/* --- B: bugs --------------------------------------------------------------- */

void bugs_open(struct ui *u)
{
	u->mode = MODE_BUGS;
	u->list = (struct list_state){ 0, 0 };
}

static void bug_row(const struct ui *u, int i, char *buf, size_t len)
{
	unsigned n;
	const struct bug_info *b = &catalog_all(&n)[i];
	bool on = u->m->t->cfg.bugs & SVSM_BUG_BIT(b->id);
	snprintf(buf, len, "[%c] %2u %-24s %s", on ? 'x' : ' ', b->number, b->name, b->title);
}

static void toggle_bug(struct ui *u, int i)
{
	unsigned n;
	const struct bug_info *b = &catalog_all(&n)[i];
	struct trace *t = u->m->t;
	t->cfg.bugs ^= SVSM_BUG_BIT(b->id);
	ui_use(u, t, u->m->cursor);
	if (!u->quit)
		ui_message(u, "%s %s: ran the trace again; %zu check(s) fire in it",
		           b->name, (t->cfg.bugs & SVSM_BUG_BIT(b->id)) ? "on" : "off",
		           u->m->nviolations);
}

/* --- all three ------------------------------------------------------------- */

void draw_list_mode(struct ui *u)
{
	unsigned nbugs;
	catalog_all(&nbugs);
	char title[64];
	switch (u->mode) {
	case MODE_MENU:
		snprintf(title, sizeof(title), "After step %zu, what happens next?", u->m->cursor);
		draw_list(title,
		          u->m->cursor < u->m->t->n ? "Enter: take it, in a new branch  Esc: cancel"
		                                    : "Enter: take it  Esc: cancel",
		          (int)u->nmoves, &u->list, menu_row, u);
		break;
	case MODE_BRANCHES:
		draw_list("Branches", "Enter: explore it  Esc: close", (int)u->bs->n, &u->list,
		          branch_row, u);
		break;
	case MODE_BUGS:
		draw_list("Catalog bugs", "Space/Enter: switch, run again  Esc: close", (int)nbugs,
		          &u->list, bug_row, u);
		break;
	default:
		break;
	}
}

void keys_list(struct ui *u, int ch)
{
	unsigned nbugs;
	catalog_all(&nbugs);
	int n = u->mode == MODE_MENU ? (int)u->nmoves
	        : u->mode == MODE_BRANCHES ? (int)u->bs->n
	                                   : (int)nbugs;
	if (list_move(&u->list, n, 5, ch))
		return;
	if (ch == ESC || ch == 'q') {
		u->mode = MODE_MAIN;
		return;
	}
	bool choose = is_enter(ch) || (u->mode == MODE_BUGS && ch == ' ');
	if (!choose || u->list.sel < 0 || u->list.sel >= n)
		return;
	switch (u->mode) {
	case MODE_MENU:
		u->mode = MODE_MAIN;
		ui_take(u, &u->moves[u->list.sel].st);
		break;
	case MODE_BRANCHES:
		u->mode = MODE_MAIN;
		u->bs->cur = (unsigned)u->list.sel;
		ui_use(u, branch_trace(u->bs), u->m->cursor);
		ui_message(u, "exploring branch %u", u->bs->cur + 1);
		break;
	case MODE_BUGS:
		toggle_bug(u, u->list.sel);   /* stays open: several may be switched */
		break;
	default:
		break;
	}
}
