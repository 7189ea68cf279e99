/*
 * prompt.c: the bottom line as a one-line prompt.
 *
 *   g  go to step n          /  find the next step whose text matches
 *   s  save this branch as a trace file that `svsmlab run` replays
 *   D  draw this branch as a Graphviz sequence diagram (explorer/dot)
 *
 * Enter carries it out, Esc or ^G gives up, Backspace deletes, ^U clears.
 * A name the prompt offers (explored.lua) is selected, as in a form: the
 * first character typed replaces it, Backspace deletes it, and Right or
 * End keeps it to edit. A name longer than the line holds is refused
 * with a message, never cut.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "ui.h"
#include "../cli/cli.h"
#include "../dot/dot.h"

#define ESC 27
#define CTRL(c) ((c) & 0x1f)

static const char *const labels[] = {
	[PROMPT_GOTO] = "go to step: ",
	[PROMPT_SEARCH] = "find: ",
	[PROMPT_SAVE] = "save this branch to: ",
	[PROMPT_DOT] = "draw this branch (DOT) to: ",
	[PROMPT_WATCH] = "watch (bytes GPA [LEN] | rmp SPA | owner GPA | label GPA | clause NAME): ",
};

void prompt_open(struct ui *u, enum prompt_kind kind, const char *initial)
{
	u->mode = MODE_PROMPT;
	u->prompt = kind;
	snprintf(u->input, sizeof(u->input), "%s", initial);
	u->input_selected = initial[0] != '\0';
	u->msg[0] = '\0';
}

static void go_to(struct ui *u)
{
	unsigned long long n;
	if (!cli_number(u->input, SIZE_MAX, &n))   /* as numbers are read on the command line */
		ui_message(u, "not a step number: '%s'", u->input);
	else
		model_goto(u->m, (size_t)n);
}

static void find(struct ui *u)
{
	struct model *m = u->m;
	if (u->input[0])
		snprintf(u->last_search, sizeof(u->last_search), "%s", u->input);
	if (!u->last_search[0])
		return;
	/* From the current step on: the step last carried out is cursor - 1. */
	size_t from = m->cursor ? m->cursor - 1 : m->t->n - 1;
	long i = model_search(m, from, u->last_search);
	if (i < 0) {
		ui_message(u, "'%s' is in no step", u->last_search);
		return;
	}
	model_goto(m, (size_t)i + 1);
	ui_message(u, "'%s' at step %ld", u->last_search, i + 1);
}

/* Enter alone forgets the watches; a watch is added, or a message says what is wrong. */
static void watch(struct ui *u)
{
	char err[160];
	struct watch w;
	if (!u->input[0]) {
		model_unwatch(u->m);
		ui_message(u, "nothing is watched now");
	} else if (watch_parse(u->input, &w, err, sizeof(err)) != 0 ||
	           model_watch(u->m, &w, err, sizeof(err)) != 0) {
		ui_message(u, "%s", err);
	}
}

/* The branch, expecting what it does fire, with the watches, so that a replay checks the same. */
static int write_trace(FILE *f, const struct model *m, char *err, size_t errlen)
{
	struct trace t = *m->t;
	(void)err;
	(void)errlen;
	snprintf(t.expect, sizeof(t.expect), "%s", model_first_clause(m));
	t.nwatches = m->nwatches;
	for (unsigned k = 0; k < m->nwatches; k++)
		snprintf(t.watches[k], sizeof(t.watches[k]), "%s", m->watches[k].text);
	trace_write_lua(f, &t);
	return 0;
}

static int write_dot(FILE *f, const struct model *m, char *err, size_t errlen)
{
	return dot_sequence(f, m->t, err, errlen);
}

/* Write the file named on the prompt with write(); true when done, else a message says why. */
static bool write_file(struct ui *u, int (*write)(FILE *, const struct model *, char *, size_t))
{
	char err[200] = "";
	FILE *f = fopen(u->input, "w");
	if (!f) {
		ui_message(u, "cannot write %s: %s", u->input, strerror(errno));
		return false;
	}
	int rc = write(f, u->m, err, sizeof(err));
	if (fclose(f) != 0 && rc == 0) {
		snprintf(err, sizeof(err), "%s", strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		ui_message(u, "cannot write %s: %s", u->input, err);
	return rc == 0;
}

/* Enter: close the prompt and carry out what it asked. */
static void carry_out(struct ui *u)
{
	u->mode = MODE_MAIN;
	switch (u->prompt) {
	case PROMPT_GOTO: go_to(u); break;
	case PROMPT_SEARCH: find(u); break;
	case PROMPT_SAVE:
		if (write_file(u, write_trace))
			ui_message(u, "saved %zu steps to %s (svsmlab run %s replays them)",
			           u->m->t->n, u->input, u->input);
		break;
	case PROMPT_WATCH: watch(u); break;
	case PROMPT_DOT:
		if (write_file(u, write_dot))
			ui_message(u, "drew %zu steps to %s (dot -Tsvg -O %s renders it)",
			           u->m->t->n, u->input, u->input);
		break;
	}
}

/* A printable character typed: it replaces a selected name, or goes at the end. */
static void type(struct ui *u, char c)
{
	if (u->input_selected)
		u->input[0] = '\0';
	u->input_selected = false;
	size_t len = strlen(u->input);
	if (len + 1 == sizeof(u->input)) {
		ui_message(u, "too long: at most %zu characters", sizeof(u->input) - 1);
		return;
	}
	u->input[len] = c;
	u->input[len + 1] = '\0';
}

void keys_prompt(struct ui *u, int ch)
{
	size_t len = strlen(u->input);
	u->msg[0] = '\0';   /* a refusal is shown until the next key */
	if (ch == ESC || ch == CTRL('G')) {
		u->mode = MODE_MAIN;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		carry_out(u);
	} else if (ch == CTRL('U') || ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) &&
	                               u->input_selected)) {
		u->input[0] = '\0';
		u->input_selected = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			u->input[len - 1] = '\0';
	} else if (ch == KEY_RIGHT || ch == KEY_END) {
		u->input_selected = false;
	} else if (ch >= 0 && ch < 256 && isprint(ch)) {
		type(u, (char)ch);
	}
}

/*
 * The label, the input (its end, when it is wider than the line: "<" says
 * more is before), a refusal if any, and the cursor after the input.
 */
void draw_prompt(struct ui *u)
{
	int y = u->lay.keys.y;
	int x = put_text(y, 0, COLS, A_BOLD, false, labels[u->prompt]);
	int room = COLS - x - 1 - (u->msg[0] ? (int)strlen(u->msg) + 2 : 0);
	const char *shown = u->input;
	size_t len = strlen(shown);
	if (room > 1 && len > (size_t)room) {
		x += put_text(y, x, 1, A_BOLD, false, "<");
		shown += len - (size_t)(room - 1);
	}
	int n = put_text(y, x, COLS - x, u->input_selected ? style(ST_SELECTED) : A_NORMAL, false,
	                 shown);
	int end = x + n;
	put_text(y, end, COLS - end, A_NORMAL, true, "");
	if (u->msg[0])
		put_text(y, end + 2, COLS - end - 2, A_BOLD, true, u->msg);
	move(y, end < COLS ? end : COLS - 1);
}
