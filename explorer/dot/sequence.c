/*
 * sequence.c: a trace as a sequence diagram.
 *
 * The trace is replayed on a fresh machine, and every event it caused is
 * drawn: columns are the actors (each guest vCPU, each of the module's
 * CPUs, the hypervisor), rows are steps, top to bottom. Graphviz has no
 * sequence diagrams, so the layout is forced: a grid of one row per
 * event and one column per lane, every cell a node (the event in its lane,
 * invisible placeholders elsewhere), the rows held in order by a time axis
 * and left to right by invisible edges, the columns held straight by heavy
 * invisible edges. So every event sits under its lane's head. Thin gray
 * arrows follow the order of events from lane to lane. A failed check
 * colours its event red and puts a note with the clause in a last column.
 * A legend says what the colours and lines mean.
 */
#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "../trace/world.h"

enum { LANE_GUEST, LANE_MODULE = MACHINE_MAX_VCPUS, LANE_HV = 2 * MACHINE_MAX_VCPUS, LANES };

static unsigned lane_of(const struct sim_event *ev)
{
	unsigned v = ev->vcpu < MACHINE_MAX_VCPUS ? ev->vcpu : 0;
	switch (ev->actor) {
	case ACTOR_GUEST:
		return LANE_GUEST + v;
	case ACTOR_MODULE:
		return LANE_MODULE + v;
	default:
		return LANE_HV;
	}
}

static void lane_name(unsigned lane, char *buf, size_t n)
{
	if (lane == LANE_HV)
		snprintf(buf, n, "hypervisor");
	else if (lane >= LANE_MODULE)
		snprintf(buf, n, "module CPU %u", lane - LANE_MODULE);
	else
		snprintf(buf, n, "guest vCPU %u", lane - LANE_GUEST);
}

/* Text inside a DOT string: quotes and backslashes escaped, newlines as \n. */
static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
}

/*
 * An event's label: the line `svsmlab run --trace` prints for it
 * (trace_print_event), without the step and actor the diagram already
 * shows, and the module's call site on a line of its own.
 */
static void event_label(FILE *out, const struct sim_event *ev)
{
	char *line = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&line, &size);
	if (!mem)
		return;
	struct sim_event bare = *ev;
	bare.site.file = NULL;
	trace_print_event(mem, &bare);
	fclose(mem);
	/* Skip the step, the actor and (but for the hypervisor) the vCPU. */
	char *p = line, *text = line;
	if (!line)
		return;
	for (unsigned field = 0; field < (ev->actor == ACTOR_HV ? 2u : 3u); field++) {
		p += strspn(p, " ");
		p += strcspn(p, " ");
	}
	p += strspn(p, " ");
	/* Collapse the columns' padding to single spaces (p runs ahead of q). */
	char *q = text;
	for (; *p && *p != '\n'; p++)
		if (*p != ' ' || (q > text && q[-1] != ' '))
			*q++ = *p;
	while (q > text && q[-1] == ' ')
		q--;
	*q = '\0';
	fprintf(out, "%u: ", ev->step);
	put_escaped(out, text);
	if (ev->site.file) {
		const char *base = strrchr(ev->site.file, '/');
		fprintf(out, "\\n%s:%d", base ? base + 1 : ev->site.file, ev->site.line);
	}
	free(line);
}

/* The event a violation belongs to: a contract is judged after its call's last event. */
static unsigned violation_step(const struct violation *v)
{
	return v->kind == VIOLATION_CONTRACT && v->step > 0 ? v->step - 1 : v->step;
}

static const struct violation *violation_at(const struct sim *s, unsigned step)
{
	unsigned kept = s->rec.nviolations < RECORD_MAX_VIOLATIONS ? s->rec.nviolations : RECORD_MAX_VIOLATIONS;
	for (unsigned i = 0; i < kept; i++)
		if (violation_step(&s->rec.violations[i]) == step)
			return &s->rec.violations[i];
	return NULL;
}

/*
 * The columns, left to right: the used lanes, then one for the notes of
 * failed checks when there are any. Returns how many.
 */
static unsigned columns(const struct sim *s, unsigned first, unsigned col[LANES + 1], bool *notes)
{
	bool used[LANES] = { false };
	*notes = false;
	for (unsigned k = first; k < s->rec.step; k++) {
		const struct sim_event *ev = record_event_at(&s->rec, k);
		if (ev) {
			used[lane_of(ev)] = true;
			*notes |= violation_at(s, k) != NULL;
		}
	}
	unsigned n = 0;
	for (unsigned l = 0; l < LANES; l++)
		if (used[l])
			col[n++] = l;
	if (*notes)
		col[n++] = LANES;   /* the notes' column */
	return n;
}

/*
 * Node names: a lane's head is h<col>, the cell of column c in the row of
 * step k is c<col>s<k> (an event, a note, or an invisible placeholder),
 * and the time axis is t<k>.
 */
static void write_heads(FILE *out, const unsigned *col, unsigned ncols)
{
	fputs("  { rank=same; time [label=\"step\", shape=plaintext];", out);
	for (unsigned c = 0; c < ncols; c++) {
		char name[32] = "failed checks";
		if (col[c] < LANES)
			lane_name(col[c], name, sizeof(name));
		fprintf(out, " h%u [label=\"%s\", shape=box, style=\"rounded,bold\"];", col[c], name);
	}
	fputs(" }\n  time", out);
	for (unsigned c = 0; c < ncols; c++)
		fprintf(out, " -> h%u", col[c]);
	fputs(" [style=invis];\n", out);
}

/* The note of a failed check, in the notes' column of the event's row. */
static void write_note(FILE *out, const struct violation *v, unsigned k)
{
	fprintf(out, " c%us%u [shape=note, color=red, fontcolor=red, label=\"", LANES, k);
	put_escaped(out, v->clause);
	fputs("\\n", out);
	put_escaped(out, v->message);
	fputs("\"];", out);
}

/*
 * One row: every column has a cell, the event in its lane and invisible
 * placeholders elsewhere, chained left to right; so each column is a
 * straight line of cells under its head, whatever the labels' widths.
 */
static void write_row(FILE *out, const struct sim *s, const struct sim_event *ev,
                      const unsigned *col, unsigned ncols)
{
	unsigned k = ev->step, lane = lane_of(ev);
	const struct violation *v = violation_at(s, k);
	fprintf(out, "  { rank=same; t%u [label=\"%u\", shape=plaintext];", k, k);
	for (unsigned c = 0; c < ncols; c++) {
		if (col[c] == lane) {
			fprintf(out, " c%us%u [label=\"", lane, k);
			event_label(out, ev);
			fputs(v ? "\", color=red, fontcolor=red, style=\"filled,bold\", "
			          "fillcolor=\"#ffe0e0\"];"
			        : "\"];", out);
		} else if (col[c] == LANES && v) {
			write_note(out, v, k);
		} else {
			fprintf(out, " c%us%u [style=invis, label=\"\", width=0.1, height=0.1];", col[c], k);
		}
	}
	fprintf(out, " }\n  t%u", k);
	for (unsigned c = 0; c < ncols; c++)
		fprintf(out, " -> c%us%u", col[c], k);
	fputs(" [style=invis];\n", out);
	if (v)
		fprintf(out, "  c%us%u -> c%us%u [color=red, arrowhead=none, constraint=false];\n",
		        lane, k, LANES, k);
}

/* What the colours and lines mean; red only when a check failed. */
static void write_legend(FILE *out, bool notes, unsigned last)
{
	fputs("  legend [shape=box, style=dashed, fontsize=9, label=\"legend\\l"
	      "a box: one event, in the lane of who acted (file:line, the module's call)\\l"
	      "gray arrow: the next event\\l", out);
	if (notes)
		fputs("red box: an event on which a check failed\\l"
		      "red note: the clause it broke, and why\\l", out);
	fprintf(out, "\"];\n  t%u -> legend [style=invis];\n", last);
}

static void write_diagram(FILE *out, const struct sim *s, unsigned first)
{
	unsigned col[LANES + 1];
	bool notes;
	unsigned ncols = columns(s, first, col, &notes);
	fputs("digraph trace {\n  rankdir=TB; newrank=true; nodesep=0.3; ranksep=0.15;\n"
	      "  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
	      "  edge [arrowsize=0.6];\n", out);
	write_heads(out, col, ncols);
	unsigned prev = UINT32_MAX;
	for (unsigned k = first; k < s->rec.step; k++) {
		const struct sim_event *ev = record_event_at(&s->rec, k);
		if (!ev)
			continue;
		write_row(out, s, ev, col, ncols);
		/* Each column a straight line down from its head; the gray order arrow. */
		for (unsigned c = 0; c < ncols; c++)
			if (prev == UINT32_MAX)
				fprintf(out, "  h%u -> c%us%u [style=invis, weight=100];\n", col[c], col[c], k);
			else
				fprintf(out, "  c%us%u -> c%us%u [style=invis, weight=100];\n", col[c], prev,
				        col[c], k);
		if (prev == UINT32_MAX)
			fprintf(out, "  time -> t%u [style=invis];\n", k);
		else
			fprintf(out, "  t%u -> t%u [style=invis];\n  c%us%u -> c%us%u [color=gray50, "
			        "constraint=false];\n", prev, k, lane_of(record_event_at(&s->rec, prev)),
			        prev, lane_of(ev), k);
		prev = k;
	}
	if (prev != UINT32_MAX)
		write_legend(out, notes, prev);
	fputs("}\n", out);
}

int dot_sequence(FILE *out, const struct trace *t, char *err, size_t errlen)
{
	struct world *w = malloc(sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	world_init(w, &t->cfg, t->vcpus);
	const char *why = NULL;
	int rc = world_boot(w, &why);
	if (rc != 0)
		snprintf(err, errlen, "the machine does not boot: %s", why);
	unsigned first = w->booted ? w->s.rec.step : 0;
	/*
	 * A step that cannot happen makes the trace one that does not replay
	 * (`svsmlab run` refuses it too): a diagram of its beginning would look
	 * like the whole of it, so none is drawn.
	 */
	for (size_t i = 0; rc == 0 && i < t->n; i++) {
		char reason[128];
		if (world_do(w, &t->steps[i], reason, sizeof(reason)) != 0) {
			snprintf(err, errlen, "step %zu cannot happen: %s", i + 1, reason);
			rc = -1;
		}
	}
	if (rc == 0) {
		if (w->s.rec.step - first > RECORD_MAX_EVENTS)
			first = w->s.rec.step - RECORD_MAX_EVENTS;   /* older events are no longer kept */
		write_diagram(out, &w->s, first);
	}
	world_free(w);
	free(w);
	return rc;
}
