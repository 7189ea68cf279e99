/*
 * pane_status.c: where the run stands, on three lines.
 *
 *   (the gdb port, while G serves), step n/N, the branch, the bugs, checks fired
 *   what the current step did (for a guest read: the bytes it got)
 *   the latest failed check: its kind, clause, step and message
 */
#include <string.h>

#include "ui.h"

static const char *const kinds[] = {
	[VIOLATION_PRECONDITION] = "precondition",
	[VIOLATION_INVARIANT] = "invariant",
	[VIOLATION_CONTRACT] = "contract",
};

static void current_step(const struct model *m, char *buf, size_t len)
{
	if (m->cursor == 0) {
		snprintf(buf, len, "the machine is booted; nothing has happened yet (n: next step)");
		return;
	}
	size_t i = m->cursor - 1;
	const struct step_info *in = &m->info[i];
	const struct trace_step *st = &m->t->steps[i];
	if (in->refused) {
		snprintf(buf, len, "step %zu could not be carried out: %s", i + 1, in->why);
	} else if (st->action == T_READ) {
		describe_guest_read(m, st, buf, len);
	} else if (in->nevents) {
		char line[256];
		describe_event_line(&m->events[in->first_event + in->nevents - 1], line, sizeof(line));
		snprintf(buf, len, "%s", line + strspn(line, " "));
	} else {
		describe_step(st, buf, len);
	}
}

void draw_status(struct ui *u)
{
	const struct model *m = u->m;
	struct rect r = u->lay.status;
	char bugs[200], line[300], gdb[32] = "";
	catalog_names(m->t->cfg.bugs, bugs, sizeof(bugs));
	if (u->gdb_port)   /* first, so that a narrow terminal still shows it */
		snprintf(gdb, sizeof(gdb), " gdb:%u ", u->gdb_port);
	put_fmt(r.y, r.x, r.w, style(ST_TITLE), true,
	        "%s step %zu/%zu  branch %u/%u  bugs: %s  checks fired: %zu of %zu", gdb,
	        m->cursor, m->t->n, u->bs->cur + 1, u->bs->n, bugs, model_violations_so_far(m),
	        m->nviolations);
	current_step(m, line, sizeof(line));
	put_fmt(r.y + 1, r.x, r.w, A_NORMAL, true, " %s", line);
	const struct violation *v = model_last_violation(m);
	if (!v) {
		put_text(r.y + 2, r.x, r.w, style(ST_GOOD), true, " no check has fired so far");
		return;
	}
	/* The latest step on which checks fired: every clause, and the first one's message. */
	size_t step = model_violation_step(m, (size_t)(v - m->violations));
	const struct step_info *in = &m->info[step];
	int x = r.x + put_fmt(r.y + 2, r.x, r.w, style(ST_VIOLATION), false, "!step %zu", step + 1);
	for (size_t k = 0; k < in->nviolations; k++) {
		const struct violation *w = &m->violations[in->first_violation + k];
		x += put_fmt(r.y + 2, x, r.x + r.w - x, style(ST_VIOLATION), false, "%s %s %s",
		             k ? "," : "", kinds[w->kind], w->clause);
	}
	put_fmt(r.y + 2, x, r.x + r.w - x, style(ST_VIOLATION), true, ": %s",
	        m->violations[in->first_violation].message);
}
