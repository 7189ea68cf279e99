/*
 * keys.c: the keys of the main screen, and the help made from them.
 *
 * One table binds each command to its keys and says what it does; the
 * help overlay prints that table, so the two cannot drift apart. Every
 * function key (arrows, pages, F1, F10) has a letter too, for terminals
 * and tmux set-ups that do not pass them on.
 */
#include <string.h>

#include "ui.h"

#define PAGE_STEPS 10

static void go(struct ui *u, long n)
{
	if (n < 0)
		n = 0;
	model_goto(u->m, (size_t)n);
}

/* At the end of the trace, "next" runs live: the first vCPU that can go on does. */
static void live_step(struct ui *u)
{
	struct move mv[MOVES_MAX];
	unsigned n = model_moves_at(u->m, mv, MOVES_MAX);
	for (unsigned i = 0; i < n; i++)
		if (mv[i].kind == MOVE_VCPU) {
			ui_take(u, &mv[i].st);
			return;
		}
	ui_message(u, "end of the trace, and no vCPU can go on: h for the other moves");
}

static void cmd_next(struct ui *u)
{
	if (u->m->cursor < u->m->t->n)
		go(u, (long)u->m->cursor + 1);
	else
		live_step(u);
}

static void cmd_prev(struct ui *u)
{
	go(u, (long)u->m->cursor - 1);
}

void ui_scroll(struct ui *u, enum pane p, int by)
{
	if (p == PANE_TIMELINE) {
		go(u, (long)u->m->cursor + by);
		return;
	}
	u->follow[p] = false;
	u->scroll[p] += by;
}

/* Arrows and j/k move in the focused pane. */
static void move_in_pane(struct ui *u, int by)
{
	ui_scroll(u, u->focus, by);
}

static int page(const struct ui *u)
{
	int h = u->lay.pane[u->focus].h - 2;
	return u->focus == PANE_TIMELINE ? PAGE_STEPS : h > 1 ? h : 1;
}

static void cmd_down(struct ui *u)
{
	move_in_pane(u, 1);
}

static void cmd_up(struct ui *u)
{
	move_in_pane(u, -1);
}

static void cmd_page_down(struct ui *u)
{
	move_in_pane(u, page(u));
}

static void cmd_page_up(struct ui *u)
{
	move_in_pane(u, -page(u));
}

static void cmd_first(struct ui *u)
{
	go(u, 0);
}

static void cmd_last(struct ui *u)
{
	go(u, (long)u->m->t->n);
}

static void cmd_violation(struct ui *u)
{
	long i = model_next_violation(u->m, u->m->cursor);
	if (i < 0)
		ui_message(u, "no check fires after step %zu", u->m->cursor);
	else
		go(u, i + 1);
}

static void cmd_prev_violation(struct ui *u)
{
	long i = u->m->cursor ? model_prev_violation(u->m, u->m->cursor - 1) : -1;
	if (i < 0)
		ui_message(u, "no check fires before step %zu", u->m->cursor);
	else
		go(u, i + 1);
}

static void cmd_goto(struct ui *u)
{
	prompt_open(u, PROMPT_GOTO, "");
}

static void cmd_search(struct ui *u)
{
	prompt_open(u, PROMPT_SEARCH, "");
}

static void cmd_save(struct ui *u)
{
	prompt_open(u, PROMPT_SAVE, "explored.lua");
}

static void cmd_dot(struct ui *u)
{
	prompt_open(u, PROMPT_DOT, "explored.dot");
}

static void cmd_watch(struct ui *u)
{
	prompt_open(u, PROMPT_WATCH, "");
}

/* Back to the latest change of any watch before the step shown. */
static void cmd_watch_changed(struct ui *u)
{
	const struct model *m = u->m;
	size_t to = 0;
	for (unsigned k = 0; k < m->nwatches && m->cursor; k++) {
		size_t at = model_watch_changed(m, k, m->cursor - 1);
		if (at > to)
			to = at;
	}
	if (!m->nwatches)
		ui_message(u, "nothing is watched: w adds a watch");
	else if (!to)
		ui_message(u, "no watch changed before step %zu", m->cursor);
	else
		go(u, (long)to);
}

static void cmd_focus(struct ui *u)
{
	u->focus = (enum pane)((u->focus + 1) % PANE_COUNT);
}

static void cmd_help(struct ui *u)
{
	u->mode = MODE_HELP;
	u->list = (struct list_state){ -1, 0 };
}

static void cmd_redraw(struct ui *u)
{
	(void)u;
	clearok(curscr, TRUE);
}

static void cmd_quit(struct ui *u)
{
	u->quit = true;
}

#define CTRL(c) ((c) & 0x1f)

static const struct binding {
	int keys[4];              /* 0 ends the list */
	const char *names;
	const char *what;
	void (*run)(struct ui *u);
} bindings[] = {
	{ { 'n', KEY_RIGHT }, "n Right", "next step (at the end: the next vCPU runs live)", cmd_next },
	{ { 'p', KEY_LEFT }, "p Left", "previous step (replays from the start)", cmd_prev },
	{ { 'j', KEY_DOWN }, "j Down", "timeline: next step; other panes: scroll", cmd_down },
	{ { 'k', KEY_UP }, "k Up", "timeline: previous step; other panes: scroll", cmd_up },
	{ { 'd', KEY_NPAGE, ' ' }, "d PgDn Space", "10 steps on (or a page down)", cmd_page_down },
	{ { 'u', KEY_PPAGE }, "u PgUp", "10 steps back (or a page up)", cmd_page_up },
	{ { '<', KEY_HOME }, "< Home", "the start: the booted machine", cmd_first },
	{ { '>', KEY_END }, "> End", "the end of the trace", cmd_last },
	{ { 'g' }, "g", "go to step number ...", cmd_goto },
	{ { 'v' }, "v", "next step on which a check fires", cmd_violation },
	{ { 'V' }, "V", "previous step on which a check fires", cmd_prev_violation },
	{ { '/' }, "/", "find a step by text (Enter alone: again)", cmd_search },
	{ { 'h' }, "h", "what next: every move a vCPU, the guest or the hv can make", menu_open },
	{ { 'b' }, "b", "branches: go back to a trace before a fork", branches_open },
	{ { 'B' }, "B", "bugs: switch catalog bugs on/off, run again", bugs_open },
	{ { 'C' }, "C", "svsmlab verify these bugs, load a counterexample", counterexample_open },
	{ { 's' }, "s", "save this branch as a trace file (Lua)", cmd_save },
	{ { 'D' }, "D", "draw this branch as a Graphviz (DOT) diagram", cmd_dot },
	{ { 'G' }, "G", "serve this branch to gdb (the port: status line)", gdb_serve_open },
	{ { 'w' }, "w", "watch: bytes GPA [LEN], rmp SPA, owner/label GPA, clause", cmd_watch },
	{ { 'W' }, "W", "back to the step where a watch last changed", cmd_watch_changed },
	{ { '\t' }, "Tab", "focus the next pane (* in its title)", cmd_focus },
	{ { '?', KEY_F(1) }, "? F1", "this help", cmd_help },
	{ { CTRL('l') }, "^L", "redraw the screen", cmd_redraw },
	{ { 'q', KEY_F(10) }, "q F10", "quit", cmd_quit },
};

#define NBINDINGS (sizeof(bindings) / sizeof(bindings[0]))

void keys_main(struct ui *u, int ch)
{
	for (size_t i = 0; i < NBINDINGS; i++)
		for (int k = 0; k < 4 && bindings[i].keys[k]; k++)
			if (bindings[i].keys[k] == ch) {
				bindings[i].run(u);
				return;
			}
	ui_message(u, "no command on that key: ? for help");
}

/* --- help ------------------------------------------------------------------ */

static const char *const legend[] = {
	"",
	"Timeline: one row per event, one column per actor.",
	"  >  the step last carried out      !  a check fired on it",
	"  x  the step could not be carried out; dim rows are still ahead",
	"RMP: A assigned, V validated, S VMSA; v1-v3 what VMPL1-3 may do",
	"  (r read, w write, u/s execute user/supervisor); owner of the",
	"  GPA the entry is bound to; label: who may learn the bytes",
	"  (0-3 VMPLs, h hypervisor: 0---- is secret to VMPL0).",
	"  *  changed by the last step (highlighted cells)",
	"Addresses are hexadecimal.",
	"Mouse: a click on a timeline row goes to that step; the wheel",
	"  scrolls the pane under the pointer.",
};

#define NLEGEND (sizeof(legend) / sizeof(legend[0]))

static void help_row(const struct ui *u, int i, char *buf, size_t len)
{
	(void)u;
	if ((size_t)i < NBINDINGS)
		snprintf(buf, len, "%-13s %s", bindings[i].names, bindings[i].what);
	else
		snprintf(buf, len, "%s", legend[(size_t)i - NBINDINGS]);
}

void draw_help(struct ui *u)
{
	draw_list("Keys", "j/k scroll; any other key closes", (int)(NBINDINGS + NLEGEND), &u->list,
	          help_row, u);
}

void keys_help(struct ui *u, int ch)
{
	int n = (int)(NBINDINGS + NLEGEND);
	if (!list_move(&u->list, n, LINES / 2, ch))
		u->mode = MODE_MAIN;
}
