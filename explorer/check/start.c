/*
 * start.c: the state every execution of the search starts from.
 *
 * The machine is booted the way every engine boots a trace's machine
 * (explorer/trace/world.h). Then the search keeps a snapshot of it: a
 * coroutine cannot be copied, so going back means restoring the state
 * taken before any call was in flight and carrying the steps out again.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int start_open(struct start *st, const struct trace *t, char *err, size_t errlen)
{
	memset(st, 0, sizeof(*st));
	st->w = malloc(sizeof(*st->w));
	if (!st->w) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	world_init(st->w, &t->cfg, t->vcpus);
	memcpy(st->w->t.expect, t->expect, sizeof(st->w->t.expect));   /* races or not: world_boot */
	const char *why = NULL;
	if (world_boot(st->w, &why) != 0) {
		snprintf(err, errlen, "the machine does not boot: %s", why);
		start_close(st);
		return -1;
	}
	st->s = &st->w->s;
	st->sc = &st->w->sc;
	st->base_step = st->s->rec.step;
	if (sim_snapshot(st->s, &st->snap) != 0) {
		snprintf(err, errlen, "out of memory");
		start_close(st);
		return -1;
	}
	st->have_snap = true;
	machine_dirty_clear(&st->s->m, WATCH_RESTORE);   /* start_rewind puts back what changes */
	return 0;
}

/*
 * The record (steps, violations) is not part of a snapshot, so it is put
 * back by hand: the step numbers and reports of every execution then read
 * as those of a fresh replay. The calls' contract data needs no putting
 * back: the rewind leaves no call in flight, and a call starts from
 * nothing (sim.c's begin_call clears it).
 */
void start_rewind(struct start *st)
{
	sim_restore_changed(st->s, &st->snap);
	sched_reset(st->sc);
	st->s->rec.step = st->base_step;
	st->s->rec.nviolations = 0;
}

void start_close(struct start *st)
{
	if (!st->w)
		return;
	if (st->have_snap)
		sim_snapshot_free(&st->snap);
	world_free(st->w);
	free(st->w);
	st->w = NULL;
}
