/*
 * shrink.c: a counterexample cut down by replay.
 *
 * The predicate trace_shrink() (explorer/trace/shrink.c) asks: does this
 * candidate still fail as the counterexample did? Each candidate is
 * replayed on the booted machine, rewound as the search rewinds it
 * between executions (start.c), which reads as a fresh replay and saves
 * a boot per candidate. It still fails when every step happens, the
 * trace's expected clause fires, and the first check that fires is the
 * one that fired first on the counterexample: the shrunk trace tells the
 * same story, not a neighbouring one. The caller still proves the result
 * by replaying its written file on a fresh machine.
 */
#include <string.h>

#include "engine.h"

struct judge {
	struct start st;
	char first[48];                  /* the check that fired first on the counterexample */
};

/* Replay t from the start; the first check that fired, or NULL if t does not fail. */
static const char *replay_first(struct judge *j, const struct trace *t)
{
	char why[128];
	start_rewind(&j->st);
	for (size_t i = 0; i < t->n; i++)
		if (trace_apply(j->st.sc, &t->steps[i], why, sizeof(why)) != 0)
			return NULL;
	const struct record *rec = &j->st.s->rec;
	if (rec->nviolations == 0 || record_fired(rec, t->expect) == 0)
		return NULL;
	return rec->violations[0].clause;
}

static bool fails_alike(void *arg, const struct trace *t)
{
	struct judge *j = arg;
	const char *first = replay_first(j, t);
	return first && strcmp(first, j->first) == 0;
}

int check_shrink(struct trace *t, enum shrink_what what, struct shrink_stats *st, char *why,
                 size_t whylen)
{
	memset(st, 0, sizeof(*st));
	st->steps_before = st->steps_after = t->n;
	st->moves_before = st->moves_after = trace_moves(t);
	struct judge j;
	if (start_open(&j.st, t, why, whylen) != 0)
		return -1;
	int rc = -1;
	const char *first = replay_first(&j, t);
	if (!first) {
		snprintf(why, whylen, "the counterexample does not fail %s on replay", t->expect);
	} else {
		snprintf(j.first, sizeof(j.first), "%s", first);
		struct shrink_options o = { .what = what, .asid = j.st.s->m.asid,
		                            .max_replays = SHRINK_MAX_REPLAYS };
		rc = trace_shrink(t, &o, fails_alike, &j, st);
		if (rc != 0)
			snprintf(why, whylen, "out of memory");
	}
	start_close(&j.st);
	return rc;
}
