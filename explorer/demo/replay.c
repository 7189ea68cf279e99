/*
 * replay.c: the demo's third act, a proven counterexample step by step.
 *
 * The file verify wrote is replayed on a fresh machine as `svsmlab run
 * --trace` replays it: through a world whose echo prints every event with
 * trace_print_event(). Under each move of the hypervisor and each check
 * that fires goes a note. The notes are read off the steps, not written
 * for one run: Z3 chooses the hypervisor's moves, so another bug, or
 * another model of the same formula, gives another run.
 *
 * The file ends when the module's call returns. One step more shows what
 * the attack gains: the guest reads the VMPCK0 slot of every guest page
 * that now leads to the module's secrets page.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "../luadata/trace_load.h"
#include "../trace/world.h"
#include "../model/model.h"

#define NOTE "      >> "
#define VMPCK_SLOT (SECRETS_VMPCK(1) - SECRETS_VMPCK(0))   /* bytes of one key */

struct replay {
	FILE *out;
	struct world *w;
	uint64_t secrets_spa;     /* where the module's VMPCK0 lives */
	unsigned open_calls;      /* guest calls the module has not yet answered */
};

/* What a move of the hypervisor does, in the terms of the attack. */
static void note_hv(const struct replay *r, const struct trace_step *st)
{
	const char *when = r->open_calls ? ", in the middle of the module's call" : "";
	if (st->action == T_RMPUPDATE && st->rmpupdate.spa == r->secrets_spa &&
	    st->rmpupdate.u.assigned)
		fprintf(r->out, NOTE "the hypervisor assigns the module's secrets page (SPA 0x%" PRIx64
		        ", VMPCK0 is in it) to the guest's GPA 0x%" PRIx64 "%s\n",
		        r->secrets_spa, st->rmpupdate.u.gpa, when);
	else if (st->action == T_MAP && st->map.spa == r->secrets_spa)
		fprintf(r->out, NOTE "the hypervisor points the guest's GPA 0x%" PRIx64 " at the "
		        "secrets page in the nested page table%s\n", st->map.gpa, when);
	else
		fprintf(r->out, NOTE "a move of the hypervisor that leaves the secrets page alone%s\n",
		        when);
}

/* The checks that fired since `before` violations were recorded. */
static void note_checks(const struct replay *r, unsigned before)
{
	const struct sim *s = &r->w->s;
	for (unsigned i = before; i < s->rec.nviolations && i < RECORD_MAX_VIOLATIONS; i++)
		fprintf(r->out, NOTE "check %s fails: %s\n", s->rec.violations[i].clause,
		        s->rec.violations[i].message);
}

/* Carry out one step, print its events and what they mean. 0, or -1 (reason printed). */
static int replay_step(struct replay *r, const struct trace_step *st, size_t i)
{
	char why[160];
	unsigned before = r->w->s.rec.nviolations;
	if (world_do(r->w, st, why, sizeof(why)) != 0) {
		fprintf(r->out, "step %zu (%s %s) does not replay: %s\n", i + 1,
		        trace_actor(st->action), trace_action_name(st->action), why);
		return -1;
	}
	r->open_calls += st->action == T_CALL;
	r->open_calls -= st->action == T_FINISH && r->open_calls;
	if (strcmp(trace_actor(st->action), "hv") == 0)
		note_hv(r, st);
	note_checks(r, before);
	return 0;
}

/* The guest reads the key slot at gpa; say what it got. */
static void read_key(struct replay *r, uint64_t gpa)
{
	uint8_t key[VMPCK_SLOT] = { 0 };
	struct trace_step st = { .action = T_READ, .vcpu = 0,
	                         .mem = { gpa + SECRETS_VMPCK(0), key, sizeof(key) } };
	char why[160], shown[VMPCK_SLOT * 3 + 8];
	const struct sim_event *ev;
	if (world_do(r->w, &st, why, sizeof(why)) != 0 || !(ev = world_last(r->w)) ||
	    ev->out.fault != FAULT_NONE) {
		fprintf(r->out, NOTE "the guest's read faults: the page is not the guest's to read\n");
		return;
	}
	size_t n = strnlen((const char *)key, sizeof(key));
	describe_bytes(key, n, shown, sizeof(shown));
	fprintf(r->out, NOTE "the guest reads %s: %s\n", n ? shown : "zeros",
	        n ? "the module's key VMPCK0" : "the key is not there");
}

/* After the last step: the guest reads every page of its own that leads to the secrets. */
static void read_secrets(struct replay *r)
{
	const struct svsm_params *p = sim_layout(&r->w->s);
	bool any = false;
	fprintf(r->out, "\nThe trace ends here. What did the guest gain? One step more:\n");
	for (uint64_t gpa = p->guest_base; gpa < p->guest_base + p->guest_size; gpa += PAGE_SIZE) {
		if (npt_lookup(&r->w->s.m, gpa) != r->secrets_spa)
			continue;
		read_key(r, gpa);
		any = true;
	}
	if (!any)
		fprintf(r->out, NOTE "no guest page leads to the secrets page: the run breaks its "
		        "clause without handing the guest VMPCK0\n");
}

/* Did the trace's expected clause fire? Say so either way. */
static bool expected_fired(const struct replay *r, const char *expect)
{
	if (record_fired(&r->w->s.rec, expect)) {
		fprintf(r->out, "\nresult: the replay breaks %s, as verify proved\n", expect);
		return true;
	}
	fprintf(r->out, "\nresult: the replay did not break %s\n", expect[0] ? expect : "any clause");
	return false;
}

static int replay_all(struct replay *r, const struct trace *t, const char *path)
{
	const char *why = NULL;
	if (world_boot(r->w, &why) != 0) {
		fprintf(r->out, "%s: the trace's machine cannot boot: %s\n", path, why);
		return -1;
	}
	r->secrets_spa = npt_lookup(&r->w->s.m, sim_layout(&r->w->s)->secrets_gpa);
	fprintf(r->out, "%s: %zu steps, replayed on a fresh machine.\n"
	        "A line is an event as `svsmlab run --trace` prints it: step, actor, vCPU,\n"
	        "operation, arguments -> outcome, the module's source line; >> says what it means.\n\n",
	        path, t->n);
	for (size_t i = 0; i < t->n; i++)
		if (replay_step(r, &t->steps[i], i) != 0)
			return -1;
	read_secrets(r);
	return expected_fired(r, t->expect) ? 0 : -1;
}

int demo_replay(FILE *out, const char *path)
{
	struct trace t;
	char err[256];
	if (trace_load(path, &t, err, sizeof(err)) != 0) {
		fprintf(out, "%s\n", err);
		return -1;
	}
	struct replay r = { .out = out, .w = malloc(sizeof(*r.w)) };   /* large: off the stack */
	int rc = -1;
	if (!r.w) {
		fprintf(out, "out of memory\n");
	} else {
		world_init(r.w, &t.cfg, t.vcpus);
		r.w->echo = out;
		rc = replay_all(&r, &t, path);
		world_free(r.w);
		free(r.w);
	}
	trace_free(&t);
	return rc;
}
