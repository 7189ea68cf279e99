/*
 * prompt.c: the bottom line as a one-line prompt.
 *
 *   g  go to step n          /  find the next step whose text matches
 *   s  save this branch as a trace file that `svsmlab run` replays
 *   D  draw this branch as a Graphviz sequence diagram (explorer/dot)
 *
 * Enter carries it out, Esc or ^G gives up, Backspace deletes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "../dot/dot.h"

#define ESC 27

static const char *const labels[] = {
	[PROMPT_GOTO] = "go to step: ",
	[PROMPT_SEARCH] = "find: ",
	[PROMPT_SAVE] = "save this branch to: ",
	[PROMPT_DOT] = "draw this branch (DOT) to: ",
};

void prompt_open(struct ui *u, enum prompt_kind kind, const char *initial)
{
	u->mode = MODE_PROMPT;
	u->prompt = kind;
	snprintf(u->input, sizeof(u->input), "%s", initial);
}

static void go_to(struct ui *u)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(u->input, &end, 10);
	if (end == u->input || *end || errno)
		ui_message(u, "not a step number: '%s'", u->input);
	else
		model_goto(u->m, n);
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

/* The branch, expecting what it does fire, so that a replay checks the same. */
static int write_trace(FILE *f, const struct model *m, char *err, size_t errlen)
{
	struct trace t = *m->t;
	(void)err;
	(void)errlen;
	snprintf(t.expect, sizeof(t.expect), "%s", model_first_clause(m));
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

void keys_prompt(struct ui *u, int ch)
{
	size_t len = strlen(u->input);
	if (ch == ESC || ch == 7) {   /* Esc, ^G */
		u->mode = MODE_MAIN;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			u->input[len - 1] = '\0';
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		u->mode = MODE_MAIN;
		switch (u->prompt) {
		case PROMPT_GOTO: go_to(u); break;
		case PROMPT_SEARCH: find(u); break;
		case PROMPT_SAVE:
			if (write_file(u, write_trace))
				ui_message(u, "saved %zu steps to %s (svsmlab run %s replays them)",
				           u->m->t->n, u->input, u->input);
			break;
		case PROMPT_DOT:
			if (write_file(u, write_dot))
				ui_message(u, "drew %zu steps to %s (dot -Tsvg -O %s renders it)",
				           u->m->t->n, u->input, u->input);
			break;
		}
	} else if (ch >= 0 && ch < 256 && isprint(ch) && len + 1 < sizeof(u->input)) {
		u->input[len] = (char)ch;
		u->input[len + 1] = '\0';
	}
}

void draw_prompt(struct ui *u)
{
	int y = u->lay.keys.y;
	int x = put_text(y, 0, COLS, A_BOLD, false, labels[u->prompt]);
	int n = put_text(y, x, COLS - x, A_NORMAL, true, u->input);
	move(y, x + n < COLS ? x + n : COLS - 1);
}
