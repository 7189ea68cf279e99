/*
 * world.c: a machine, its scheduler and its trace, kept in step.
 */
#include <string.h>

#include "world.h"

void world_init(struct world *w, const struct sim_config *cfg, unsigned vcpus)
{
	memset(w, 0, sizeof(*w));
	w->t.cfg = *cfg;
	w->t.vcpus = vcpus ? vcpus : 1;
	w->paused = -1;
}

/*
 * The scheduler calls this on the vCPU's own stack, where nothing may
 * raise a Lua error (it would unwind across stacks): it only notes the
 * pause, and the caller of world_do() acts on it back on its own stack.
 */
static void note_pause(struct sched *sc, unsigned vcpu, const struct sim_event *next, void *arg)
{
	struct world *w = arg;
	(void)sc;
	(void)next;
	w->paused = (int)vcpu;
}

int world_boot(struct world *w, const char **why)
{
	if (sim_create(&w->s, &w->t.cfg, why) != 0)
		return -1;
	/*
	 * Races are reported only where the trace expects one: a counterexample
	 * of another clause is judged, and shrunk, by that clause alone, as
	 * the search that found it held races back (docs/races.md).
	 */
	w->s.race.hold = strcmp(w->t.expect, clause_row(CLAUSE_NO_DATA_RACE)->name) != 0;
	const char *failed = NULL;
	if (w->t.vcpus > 1)
		guest_bring_up(&w->s, w->t.vcpus, &failed);
	if (!failed && sched_init(&w->sc, &w->s) != 0)
		failed = "out of memory";
	if (failed) {
		*why = failed;
		sim_destroy(&w->s);
		return -1;
	}
	w->sc.on_pause = note_pause;
	w->sc.pause_arg = w;
	w->shown = w->s.rec.step;   /* the trace starts after the boot */
	w->booted = true;
	return 0;
}

/* Print the events recorded since the last call. */
static void echo(struct world *w)
{
	if (!w->echo)
		return;
	for (; w->shown < w->s.rec.step; w->shown++) {
		const struct sim_event *ev = record_event_at(&w->s.rec, w->shown);
		if (ev)
			trace_print_event(w->echo, ev);
		else
			fprintf(w->echo, "%5u (event no longer kept)\n", w->shown);
	}
}

int world_do(struct world *w, const struct trace_step *st, char *why, size_t whylen)
{
	w->paused = -1;
	int rc = trace_apply(&w->sc, st, why, whylen);
	echo(w);
	if (rc != 0)
		return -1;
	if (trace_push(&w->t, st) != 0) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

const struct sim_event *world_last(const struct world *w)
{
	return w->s.rec.step ? record_event_at(&w->s.rec, w->s.rec.step - 1) : NULL;
}

void world_free(struct world *w)
{
	if (w->booted) {
		sched_free(&w->sc);
		sim_destroy(&w->s);
		w->booted = false;
	}
	trace_free(&w->t);
}
