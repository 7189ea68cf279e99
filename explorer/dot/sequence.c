/*
 * sequence.c: a trace as a sequence diagram.
 *
 * The trace is replayed on a fresh machine, and every event it caused is
 * drawn: columns are the actors (each guest vCPU, each of the module's
 * CPUs, the hypervisor), rows are steps, top to bottom. Graphviz has no
 * sequence diagrams, so the layout is forced: every event shares a rank
 * with a node of an invisible time axis (one row per step), and the events
 * of one lane are chained by heavy invisible edges (one column per lane).
 * Thin arrows follow the order of steps from lane to lane. A failed check
 * colours its event red and hangs a note with the clause beside it.
 */
#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "../lua/world.h"

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

/* The lanes' heads, left to right: guests, the module's CPUs, the hypervisor. */
static void write_lanes(FILE *out, const bool used[LANES])
{
	fputs("  { rank=same; time [label=\"step\", shape=plaintext];", out);
	for (unsigned l = 0; l < LANES; l++)
		if (used[l]) {
			char name[32];
			lane_name(l, name, sizeof(name));
			fprintf(out, " lane%u [label=\"%s\", shape=box, style=\"rounded,bold\"];", l,
			        name);
		}
	fputs(" }\n  time", out);
	for (unsigned l = 0; l < LANES; l++)
		if (used[l])
			fprintf(out, " -> lane%u", l);
	fputs(" [style=invis];\n", out);
}

static void write_event(FILE *out, const struct sim *s, const struct sim_event *ev)
{
	const struct violation *v = violation_at(s, ev->step);
	fprintf(out, "  { rank=same; t%u [label=\"%u\", shape=plaintext]; e%u [label=\"", ev->step,
	        ev->step, ev->step);
	event_label(out, ev);
	fputs(v ? "\", color=red, fontcolor=red, style=\"filled,bold\", fillcolor=\"#ffe0e0\"]; "
	        : "\"]; ", out);
	if (v) {
		fprintf(out, "v%u [shape=note, color=red, fontcolor=red, label=\"", ev->step);
		put_escaped(out, v->clause);
		fputs("\\n", out);
		put_escaped(out, v->message);
		fputs("\"];", out);
	}
	fputs(" }\n", out);
	if (v)
		fprintf(out, "  e%u -> v%u [color=red, arrowhead=none];\n", ev->step, ev->step);
}

static void write_diagram(FILE *out, const struct sim *s, unsigned first)
{
	bool used[LANES] = { false };
	for (unsigned k = first; k < s->rec.step; k++)
		if (record_event_at(&s->rec, k))
			used[lane_of(record_event_at(&s->rec, k))] = true;
	fputs("digraph trace {\n  rankdir=TB; newrank=true; nodesep=0.3; ranksep=0.15;\n"
	      "  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
	      "  edge [arrowsize=0.6];\n", out);
	write_lanes(out, used);
	unsigned last_in_lane[LANES], prev = UINT32_MAX;
	for (unsigned l = 0; l < LANES; l++)
		last_in_lane[l] = UINT32_MAX;
	for (unsigned k = first; k < s->rec.step; k++) {
		const struct sim_event *ev = record_event_at(&s->rec, k);
		if (!ev)
			continue;
		write_event(out, s, ev);
		unsigned l = lane_of(ev);
		/* The lane's column, and the time axis's row. */
		if (last_in_lane[l] == UINT32_MAX)
			fprintf(out, "  lane%u -> e%u [style=invis, weight=100];\n", l, k);
		else
			fprintf(out, "  e%u -> e%u [style=invis, weight=100];\n", last_in_lane[l], k);
		if (prev == UINT32_MAX)
			fprintf(out, "  time -> t%u [style=invis];\n", k);
		else
			fprintf(out, "  t%u -> t%u [style=invis];\n  e%u -> e%u [color=gray50, "
			        "constraint=false];\n", prev, k, prev, k);
		last_in_lane[l] = k;
		prev = k;
	}
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
