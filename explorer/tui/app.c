/*
 * app.c: the terminal, and the loop that draws and reads keys.
 *
 * The terminal is given back (endwin) on every way out: the normal
 * return, exit() anywhere (atexit), and SIGINT, SIGTERM or SIGHUP, whose
 * handler only sets a flag that the loop reads; getch() wakes up at least
 * twice a second to look at it. Resizes arrive as KEY_RESIZE (ncurses
 * catches SIGWINCH itself) and are handled here, before any mode sees a
 * key, so every screen follows the new size.
 */
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define KEY_WAIT_MS 500

static volatile sig_atomic_t stop;
static SCREEN *screen;
static bool screen_up;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

bool ui_signalled(void)
{
	return stop != 0;
}

static void restore_terminal(void)
{
	if (screen_up) {
		endwin();
		screen_up = false;
	}
}

static int start_terminal(void)
{
	static bool registered;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;   /* no SA_RESTART: a blocked read returns at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	setlocale(LC_ALL, "");
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return -1;
	screen_up = true;
	if (!registered && atexit(restore_terminal) == 0)
		registered = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);   /* Esc closes overlays: do not wait a second for a sequence */
	timeout(KEY_WAIT_MS);
	mouse_start();
	style_init(has_colors());
	return 0;
}

static void stop_terminal(void)
{
	restore_terminal();
	delscreen(screen);
	screen = NULL;
}

void ui_message(struct ui *u, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
}

void ui_use(struct ui *u, struct trace *t, size_t at)
{
	char err[200];
	if (model_use(u->m, t, at, err, sizeof(err)) != 0) {
		/* The model has no machine now: nothing left to show. */
		snprintf(u->fatal, sizeof(u->fatal), "%s", err);
		u->quit = true;
	}
}

void ui_take(struct ui *u, const struct trace_step *st)
{
	struct model *m = u->m;
	size_t at = m->cursor;
	char what[120];
	describe_step(st, what, sizeof(what));
	if (at == m->t->n) {   /* at the end: the branch just goes on */
		if (trace_push(m->t, st) != 0) {
			ui_message(u, "out of memory");
			return;
		}
		ui_use(u, m->t, at + 1);
		ui_message(u, "step %zu: %s", at + 1, what);
	} else {
		unsigned from = u->bs->cur;
		if (branches_fork(u->bs, from, at, st) < 0) {
			ui_message(u, "out of memory");
			return;
		}
		ui_use(u, branch_trace(u->bs), at + 1);
		ui_message(u, "branch %u: branch %u up to step %zu, then %s (b: branches)",
		           u->bs->cur + 1, from + 1, at, what);
	}
	if (!u->quit && m->info[at].refused)
		ui_message(u, "step %zu could not be carried out: %s", at + 1, m->info[at].why);
}

/* A new step or another trace: the panes follow the cursor again. */
static void follow_cursor(struct ui *u)
{
	if (u->m->cursor == u->seen_cursor && u->m->t == u->seen_trace)
		return;
	for (int p = 0; p < PANE_COUNT; p++)
		u->follow[p] = true;
	u->scroll[PANE_SOURCE] = 0;
	u->seen_cursor = u->m->cursor;
	u->seen_trace = u->m->t;
}

static const char hints[] =
	" n/p step  v check  g go  / find  h next?  b branch  B bugs  s save  ? help  q quit";

/* The layout for this size, and for the watches there are now. */
static void relayout(struct ui *u)
{
	layout_compute(&u->lay, LINES, COLS, u->m->nwatches ? (int)u->m->nwatches + 1 : 0);
}

void ui_draw(struct ui *u)
{
	relayout(u);
	erase();
	if (u->lay.too_small) {
		put_fmt(0, 0, COLS, A_BOLD, false, "svsmlab explore needs at least 60x16 (80x24 shows");
		put_fmt(1, 0, COLS, A_BOLD, false, "everything); this terminal is %dx%d. q quits.",
		        COLS, LINES);
		refresh();
		return;
	}
	follow_cursor(u);
	draw_timeline(u);
	draw_source(u);
	draw_tables(u);
	draw_watches(u);
	draw_status(u);
	if (u->mode == MODE_HELP)
		draw_help(u);
	else if (u->mode == MODE_MENU || u->mode == MODE_BRANCHES || u->mode == MODE_BUGS)
		draw_list_mode(u);
	else if (u->mode == MODE_REPORT)
		draw_report(u);
	curs_set(u->mode == MODE_PROMPT);
	if (u->mode == MODE_PROMPT)
		draw_prompt(u);   /* last: it leaves the cursor on the prompt */
	else
		put_text(u->lay.keys.y, 0, COLS, u->msg[0] ? A_BOLD : A_NORMAL, true,
		         u->msg[0] ? u->msg : hints);
	refresh();
}

static void dispatch(struct ui *u, int ch)
{
	if (ch == KEY_MOUSE) {
		mouse_event(u);
		return;
	}
	switch (u->mode) {
	case MODE_MAIN:
		keys_main(u, ch);
		break;
	case MODE_HELP:
		keys_help(u, ch);
		break;
	case MODE_MENU:
	case MODE_BRANCHES:
	case MODE_BUGS:
		keys_list(u, ch);
		break;
	case MODE_PROMPT:
		keys_prompt(u, ch);
		break;
	case MODE_REPORT:
		keys_report(u, ch);
		break;
	}
}

int app_run(struct model *m, struct branches *bs)
{
	static struct ui u;   /* holds a few KiB of menu: keep it off the stack */
	memset(&u, 0, sizeof(u));
	u.m = m;
	u.bs = bs;
	if (start_terminal() != 0) {
		const char *term = getenv("TERM");
		fprintf(stderr, "svsmlab explore: cannot drive this terminal (TERM=%s); try --text\n",
		        term ? term : "");
		return -1;
	}
	relayout(&u);
	bool changed = true;
	while (!u.quit && !stop) {
		if (changed)
			ui_draw(&u);
		int ch = getch();
		changed = ch != ERR;   /* ERR: a timeout or a signal; the loop condition decides */
		changed |= gdb_serve_poll(&u);
		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE) {
			relayout(&u);
			continue;
		}
		if (u.lay.too_small) {   /* nothing is shown to act on: only quitting */
			u.quit = ch == 'q';
			continue;
		}
		if (u.mode != MODE_PROMPT)
			u.msg[0] = '\0';
		dispatch(&u, ch);
	}
	stop_terminal();
	source_free();
	counterexample_cleanup(&u);
	gdb_serve_stop(&u);
	if (u.fatal[0]) {
		fprintf(stderr, "svsmlab explore: %s\n", u.fatal);
		return -1;
	}
	return 0;
}
