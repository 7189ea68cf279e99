/*
 * pane_timeline.c: the run, one row per event, one column per actor.
 *
 * Columns: each guest vCPU, each module CPU, the hypervisor. The first
 * row is the booted machine (step 0). The rows of the step last carried
 * out are the current ones (">"); steps with a failed check are red
 * ("!"), steps that could not be carried out say why ("x"), and steps
 * ahead of the cursor are dim: the scan knows them already.
 */
#include <string.h>

#include "ui.h"

#define PREFIX 7   /* ">  123! " : marker, step number, flag */

/* One row of the timeline: the boot row (step -1), or event k of step i. */
struct row {
	long step;       /* -1 for the boot row */
	size_t k;        /* which event of the step */
};

static size_t step_rows(const struct model *m, size_t i)
{
	return m->info[i].nevents ? m->info[i].nevents : 1;
}

/* Row number of the current step's first row, and how many rows in all. */
static size_t locate(const struct model *m, size_t *total)
{
	size_t row = 1, cur = 0;
	for (size_t i = 0; i < m->t->n; i++) {
		if (i + 1 == m->cursor)
			cur = row;
		row += step_rows(m, i);
	}
	*total = row;
	return cur;
}

/* The column of an event's actor: guest vCPUs, then module CPUs, then the hypervisor. */
static unsigned actor_column(const struct model *m, unsigned actor, unsigned vcpu)
{
	unsigned n = model_vcpus(m);
	if (vcpu >= n)
		vcpu = n - 1;
	switch (actor) {
	case ACTOR_GUEST: return vcpu;
	case ACTOR_MODULE: return n + vcpu;
	default: return 2 * n;
	}
}

static unsigned step_column(const struct model *m, const struct trace_step *st)
{
	const char *who = trace_actor(st->action);
	unsigned actor = strcmp(who, "guest") == 0    ? ACTOR_GUEST
	                 : strcmp(who, "module") == 0 ? ACTOR_MODULE
	                                              : ACTOR_HV;
	return actor_column(m, actor, st->vcpu);
}

/* Where column c starts in the pane and how wide it is: the last takes the rest. */
static int column_at(unsigned c, unsigned ncols, int colw, int width, int *w)
{
	int x = PREFIX + (int)c * colw;
	*w = c + 1 == ncols ? width - x : colw;
	return x;
}

static void draw_header(const struct model *m, int y, int x, int width, int colw)
{
	unsigned n = model_vcpus(m);
	put_text(y, x, PREFIX, style(ST_HEADER), true, "  step");
	for (unsigned c = 0; c < 2 * n + 1; c++) {
		char name[32];
		if (c < n)
			snprintf(name, sizeof(name), "guest vCPU%u", c);
		else if (c < 2 * n)
			snprintf(name, sizeof(name), "module vCPU%u", c - n);
		else
			snprintf(name, sizeof(name), "hypervisor");
		int w, at = column_at(c, 2 * n + 1, colw, width, &w);
		put_fmt(y, x + at, w, style(ST_HEADER), true, "|%s", name);
	}
}

static void draw_row(const struct ui *u, int y, const struct rect *r, int colw, struct row rw)
{
	const struct model *m = u->m;
	unsigned ncols = 2 * model_vcpus(m) + 1;
	char text[160];
	if (rw.step < 0) {
		char bugs[160];
		catalog_names(m->t->cfg.bugs, bugs, sizeof(bugs));
		bool cur = m->cursor == 0;
		put_fmt(y, r->x, r->w, style(cur ? ST_CURRENT : ST_NORMAL), true,
		        "%c    0  booted: %u pages, %u vCPU(s), bugs: %s", cur ? '>' : ' ',
		        m->s->m.npages, model_vcpus(m), bugs);
		return;
	}
	size_t i = (size_t)rw.step;
	const struct step_info *in = &m->info[i];
	bool cur = i + 1 == m->cursor, future = i >= m->cursor;
	enum style st = in->nviolations ? (cur ? ST_CURRENT_VIOLATION : ST_VIOLATION)
	                : cur            ? ST_CURRENT
	                : in->refused    ? ST_REFUSED
	                : future         ? ST_FUTURE
	                                 : ST_NORMAL;
	char flag = in->nviolations ? '!' : in->refused ? 'x' : ' ';
	if (rw.k == 0)
		put_fmt(y, r->x, PREFIX, style(st), true, "%c%5zu%c", cur ? '>' : ' ', i + 1, flag);
	else
		put_fmt(y, r->x, PREFIX, style(st), true, "%c", cur ? '>' : ' ');
	unsigned col;
	if (in->nevents) {
		const struct sim_event *ev = &m->events[in->first_event + rw.k];
		describe_event(ev, text, sizeof(text));
		col = actor_column(m, ev->actor, ev->vcpu);
	} else {
		char step[120];
		describe_step(&m->t->steps[i], step, sizeof(step));
		snprintf(text, sizeof(text), "%s: %s", in->refused ? "refused" : "no event", step);
		col = step_column(m, &m->t->steps[i]);
	}
	for (unsigned c = 0; c < ncols; c++) {
		int w, x = column_at(c, ncols, colw, r->w, &w);
		put_fmt(y, r->x + x, w, style(st), true, "|%s", c == col ? text : "");
	}
}

static bool next_row(const struct model *m, struct row *rw)
{
	if (rw->step < 0) {
		*rw = (struct row){ 0, 0 };
	} else if (++rw->k >= step_rows(m, (size_t)rw->step)) {
		rw->step++;
		rw->k = 0;
	}
	return (size_t)rw->step < m->t->n;
}

/* The first row shown: the current row stays a third of the way down, so what led to it shows above. */
static long first_shown(const struct model *m, int body)
{
	size_t total, cur = locate(m, &total);
	long top = (long)cur - body / 3;
	if (top > (long)total - body)
		top = (long)total - body;
	return top < 0 ? 0 : top;
}

void draw_timeline(struct ui *u)
{
	const struct model *m = u->m;
	struct rect r = u->lay.pane[PANE_TIMELINE];
	draw_title(u, PANE_TIMELINE, "Timeline  step %zu of %zu", m->cursor, m->t->n);
	int body = r.h - 2;   /* title and header */
	if (body <= 0)
		return;
	unsigned ncols = 2 * model_vcpus(m) + 1;
	int colw = (r.w - PREFIX) / (int)ncols;
	draw_header(m, r.y + 1, r.x, r.w, colw);
	long top = first_shown(m, body);
	/* Rows are few (a trace is short): walk them from the first. */
	struct row rw = { -1, 0 };
	for (long y = 0; y < top + body; y++) {
		if (y >= top)
			draw_row(u, r.y + 2 + (int)(y - top), &r, colw, rw);
		if (!next_row(m, &rw))
			break;
	}
}

long timeline_step_at(const struct ui *u, int y)
{
	const struct model *m = u->m;
	struct rect r = u->lay.pane[PANE_TIMELINE];
	int body = r.h - 2;
	if (y < r.y + 2 || y >= r.y + 2 + body)
		return -1;
	long want = first_shown(m, body) + (y - r.y - 2);
	struct row rw = { -1, 0 };
	for (long row = 0; row < want; row++)
		if (!next_row(m, &rw))
			return -1;
	return rw.step + 1;   /* the cursor after that step; the boot row is 0 */
}
