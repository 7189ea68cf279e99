/*
 * ui.h: the explorer's terminal interface (ncurses), over the model.
 *
 *   app.c       terminal set-up and restore, the event loop, resizes
 *   layout.c    where each pane goes for the terminal's size
 *   draw.c      styles (colour or monochrome) and clipped text
 *   pane_timeline.c, pane_source.c, pane_tables.c (RMP, NPT), pane_status.c,
 *   pane_watches.c
 *   keys.c      the keys of the main screen, and the help overlay made from them
 *   mouse.c     clicks on the timeline, the wheel in any pane
 *   lists.c     list overlays: the menu of next moves, branches, bugs, help
 *   prompt.c    the one-line prompt: go to step, search, save, draw
 *   counterexample.c  C: `svsmlab verify` from inside, its counterexample loaded
 *   serve_gdb.c G: `svsmlab gdb` serving the branch, the port in the status line
 *   source.c    the module's source files, read once
 *
 * Everything is drawn on stdscr from the model at every turn of the loop;
 * ncurses sends only what changed. There is one loop and one current mode
 * (the main screen, an overlay or the prompt), so a resize is handled in
 * one place whatever is on the screen.
 */
#ifndef TUI_UI_H
#define TUI_UI_H

#include <curses.h>
#include <sys/types.h>

#include "../model/model.h"

enum pane { PANE_TIMELINE, PANE_SOURCE, PANE_RMP, PANE_NPT, PANE_COUNT };
enum mode { MODE_MAIN, MODE_HELP, MODE_MENU, MODE_BRANCHES, MODE_BUGS, MODE_PROMPT, MODE_REPORT };
enum prompt_kind { PROMPT_GOTO, PROMPT_SEARCH, PROMPT_SAVE, PROMPT_DOT, PROMPT_WATCH };

struct rect {
	int y, x, h, w;
};

struct layout {
	struct rect pane[PANE_COUNT];
	struct rect status, keys;
	struct rect watches;          /* h 0 while nothing is watched */
	bool too_small;
};

/* A list overlay's selection and first row shown. */
struct list_state {
	int sel, top;
};

struct ui {
	struct model *m;
	struct branches *bs;
	enum mode mode;
	enum pane focus;
	struct layout lay;
	/* Panes follow the cursor until scrolled by hand; a step makes them follow again. */
	bool follow[PANE_COUNT];
	int scroll[PANE_COUNT];
	size_t seen_cursor;
	const struct trace *seen_trace;
	char msg[200];                /* shown on the bottom line until the next key */
	enum prompt_kind prompt;
	char input[200];
	bool input_selected;          /* the prompt's offered name: the first key replaces it */
	char last_search[200];
	struct list_state list;
	struct move moves[MOVES_MAX];
	unsigned nmoves;
	char *report;                 /* the verifier's report the overlay shows, or NULL */
	int report_lines;
	char cex_dir[256];            /* where the verifier writes counterexamples, or "" */
	pid_t gdb_pid;                /* `svsmlab gdb` serving a copy of a branch, or 0 */
	unsigned gdb_port;            /* its port, shown in the status line; 0 when none */
	char gdb_dir[256];            /* where that copy is, or "" */
	bool quit;
	char fatal[200];              /* why the explorer had to stop, printed after endwin */
};

/* keys.c: scroll pane p by lines (the timeline: move the cursor by steps). */
void ui_scroll(struct ui *u, enum pane p, int by);
/* mouse.c: ask the terminal for the mouse; act on a KEY_MOUSE. */
void mouse_start(void);
void mouse_event(struct ui *u);

/* app.c: run the interface until the user quits. 0, or -1 if there is no terminal. */
int app_run(struct model *m, struct branches *bs);
/*
 * Carry out st at the cursor: at the end of the trace the branch goes on;
 * before it, a new branch forks off (the old one is kept).
 */
void ui_take(struct ui *u, const struct trace_step *st);
/* Explore trace t (a branch, or the current one changed) with the cursor at `at`. */
void ui_use(struct ui *u, struct trace *t, size_t at);
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Draw the screen now: before a long computation, so that it says what is going on. */
void ui_draw(struct ui *u);
/* SIGINT, SIGTERM or SIGHUP came: the explorer is to quit. */
bool ui_signalled(void);

/* layout.c */
/* watches: how many rows the watches' pane needs (0: none). */
void layout_compute(struct layout *l, int rows, int cols, int watches);

/* draw.c */
enum style {
	ST_NORMAL, ST_TITLE, ST_TITLE_FOCUS, ST_HEADER, ST_CURRENT, ST_VIOLATION,
	ST_CURRENT_VIOLATION, ST_CHANGED, ST_FUTURE, ST_REFUSED, ST_SOURCE_LINE, ST_GOOD,
	ST_SELECTED, ST_COUNT
};
void style_init(bool color);
attr_t style(enum style s);
/* Text at (y, x), cut to w columns; with fill, padded to w. Returns columns written. */
int put_text(int y, int x, int w, attr_t a, bool fill, const char *s);
int put_fmt(int y, int x, int w, attr_t a, bool fill, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* A pane's title row; the focused pane's stands out. */
void draw_title(const struct ui *u, enum pane p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A bordered box, cleared inside. */
void draw_box(struct rect r, const char *title);

/* The panes. */
void draw_timeline(struct ui *u);
/* The step (the cursor value) of the timeline row at screen line y, or -1. */
long timeline_step_at(const struct ui *u, int y);
void draw_source(struct ui *u);
void draw_tables(struct ui *u);
/* The width a table needs: its marker column and every column. */
int table_width(enum table tb);
void draw_status(struct ui *u);
void draw_watches(struct ui *u);

/* keys.c */
void keys_main(struct ui *u, int ch);
void draw_help(struct ui *u);
void keys_help(struct ui *u, int ch);

/* lists.c */
void menu_open(struct ui *u);
void branches_open(struct ui *u);
void bugs_open(struct ui *u);
void draw_list_mode(struct ui *u);
void keys_list(struct ui *u, int ch);
/*
 * Move a list's selection (or, with sel < 0, scroll it) for ch; true when
 * ch was a movement key.
 */
bool list_move(struct list_state *ls, int n, int page, int ch);
/* A centred box of n rows, row(i) giving each one's text; keeps ls->sel in view. */
void draw_list(const char *title, const char *footer, int n, struct list_state *ls,
               void (*row)(const struct ui *u, int i, char *buf, size_t len), const struct ui *u);

/* prompt.c */
void prompt_open(struct ui *u, enum prompt_kind kind, const char *initial);
void keys_prompt(struct ui *u, int ch);
void draw_prompt(struct ui *u);

/* serve_gdb.c: G, `svsmlab gdb` on a copy of the branch, in a child process */
void gdb_serve_open(struct ui *u);
/* The child ended by itself (gdb detached)? Then it is forgotten: true. */
bool gdb_serve_poll(struct ui *u);
/* End the child, if any, and remove the copy. */
void gdb_serve_stop(struct ui *u);

/* counterexample.c */
void counterexample_open(struct ui *u);
void draw_report(struct ui *u);
void keys_report(struct ui *u, int ch);
/* Remove the counterexample files and their directory; free the report. */
void counterexample_cleanup(struct ui *u);

/* source.c: line n (from 1) of a module source file, or NULL. */
const char *source_line(const char *file, int n);
void source_free(void);

#endif
