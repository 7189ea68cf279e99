/*
 * protocol.c: the protocol harness, libFuzzer's entry for the module.
 *
 * The fuzzer's bytes are a program (program.h): the guest's calls and the
 * request bytes it writes, a second vCPU's calls, the module steps that
 * interleave them, and the hypervisor's moves between any two module
 * steps. The harness carries each move out through trace_apply() on a
 * machine rewound to the booted state (the one `svsmlab check` starts
 * from), then lets every call in flight run to its end.
 *
 * The oracle is the kit's own: the preconditions, invariants and contracts
 * the simulator checks at every step (explorer/ghost/), plus ASan and
 * UBSan. The fuzzer is never told an attack: BUG=NAME (the environment's
 * SVSMLAB_FUZZ_BUG) only switches a catalog bug on in the module.
 *
 * A violation is written as a trace of the steps up to it, expecting its
 * clause, into $SVSMLAB_FUZZ_OUT (default build/fuzz/findings), loaded
 * back and replayed on a fresh machine as `svsmlab check` proves its
 * counterexamples; then the harness aborts, so that libFuzzer stops and
 * keeps the input.
 */
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "../explorer/catalog/catalog.h"
#include "../explorer/check/engine.h"
#include "../explorer/ghost/ghost.h"

/* Steps per execution, module steps included: a bound on one input's time. */
#define MAX_STEPS 2000

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t bugs;
static struct start booted[2];   /* the booted machine with 1 and with 2 vCPUs */
static bool have_booted[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *bug = getenv("SVSMLAB_FUZZ_BUG");
	char bad[64];
	if (bug && *bug && catalog_parse(bug, &bugs, bad, sizeof(bad)) != 0) {
		fprintf(stderr, "fuzz: unknown bug '%s' (svsmlab bugs lists them)\n", bad);
		exit(2);
	}
	return 0;
}

static struct trace fresh_trace(unsigned vcpus)
{
	return (struct trace){ .cfg = { .machine = { .pages = 64, .vcpus = vcpus }, .bugs = bugs },
	                       .vcpus = vcpus };
}

/* The booted machine of vcpus vCPUs, rewound to its start. */
static struct start *start_of(unsigned vcpus)
{
	struct start *st = &booted[vcpus - 1];
	if (!have_booted[vcpus - 1]) {
		struct trace t = fresh_trace(vcpus);
		char err[256];
		if (start_open(st, &t, err, sizeof(err)) != 0) {
			fprintf(stderr, "fuzz: %s\n", err);
			abort();
		}
		have_booted[vcpus - 1] = true;
	}
	start_rewind(st);
	return st;
}

/* Could the step happen now? trace_apply() would refuse it, or change nothing. */
static bool can_happen(const struct start *st, const struct trace_step *step)
{
	const struct sched_vcpu *v = &st->sc->v[step->vcpu];
	switch (step->action) {
	case T_CALL:
		return v->state == SCHED_IDLE;
	case T_STEP:
		return sched_runnable(st->sc, step->vcpu);
	case T_FINISH:
		return v->state == SCHED_DONE;
	case T_HV_WRITE: {
		uint64_t size = (uint64_t)st->s->m.npages * PAGE_SIZE;
		return step->mem.addr < size && step->mem.len <= size - step->mem.addr;
	}
	default:
		return true;
	}
}

struct run {
	struct start *st;
	struct trace t;              /* the steps carried out: what a replay does */
	unsigned steps;
	const struct violation *found;   /* the first check that failed */
};

/* Has a check failed? */
static bool violated(struct run *r)
{
	const struct sim *s = r->st->s;
	if (!r->found && s->rec.nviolations > 0)
		r->found = &s->rec.violations[0];
	return r->found != NULL;
}

/* Carry one step out and keep it. True while no check has failed and time is left. */
static bool apply(struct run *r, const struct trace_step *step)
{
	char why[128];
	if (!can_happen(r->st, step) || trace_apply(r->st->sc, step, why, sizeof(why)) != 0)
		return true;   /* the harness keeps the program possible: the move is dropped */
	if (trace_push(&r->t, step) != 0) {
		fprintf(stderr, "fuzz: out of memory\n");
		abort();
	}
	r->steps++;
	return !violated(r) && r->steps < MAX_STEPS;
}

static bool module_step(struct run *r, unsigned v)
{
	return apply(r, &(struct trace_step){ .action = T_STEP, .vcpu = v });
}

/* The end of the program: every call in flight runs to its end, in turns. */
static bool drain(struct run *r, unsigned vcpus)
{
	for (bool moved = true; moved;) {
		moved = false;
		for (unsigned v = 0; v < vcpus; v++) {
			enum sched_state state = r->st->sc->v[v].state;
			if (state == SCHED_DONE || sched_runnable(r->st->sc, v)) {
				struct trace_step step = { .action = state == SCHED_DONE ? T_FINISH : T_STEP,
				                           .vcpu = v };
				if (!apply(r, &step))
					return false;
				moved = true;
			}
		}
	}
	return true;
}

/* Write the trace, prove it by replay, say how to replay it, and stop the fuzzer. */
static void report_finding(struct run *r)
{
	snprintf(r->t.expect, sizeof(r->t.expect), "%s", r->found->clause);
	const char *dir = getenv("SVSMLAB_FUZZ_OUT");
	char path[512], json[520], why[256] = "";
	snprintf(path, sizeof(path), "%s/protocol-%s.lua", dir && *dir ? dir : "build/fuzz/findings",
	         r->t.expect);
	trace_json_name(path, json, sizeof(json));
	fprintf(stderr, "\nfuzz: violation %s after %zu steps\n", r->t.expect, r->t.n);
	report_violation(stderr, r->found);
	if (trace_save(&r->t, path, false) != 0 || trace_save(&r->t, json, true) != 0)
		fprintf(stderr, "fuzz: cannot write %s or its JSON twin\n", path);
	else if (check_replay_file(path, NULL, NULL, why, sizeof(why)))
		fprintf(stderr, "fuzz: proven by replay: a fresh machine running %s fails %s\n"
		        "fuzz: replay it with: ./svsmlab run %s\n", path, r->t.expect, path);
	else
		fprintf(stderr, "fuzz: WARNING: NOT PROVEN: replaying %s: %s\n", path, why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes b = { data, size };
	unsigned vcpus = program_vcpus(&b);
	struct run r = { .st = start_of(vcpus), .t = fresh_trace(vcpus) };
	struct move mv;
	bool going = true;
	while (going && program_next(&b, vcpus, &mv)) {
		going = apply(&r, &mv.st);
		while (going && mv.to_end && sched_runnable(r.st->sc, mv.st.vcpu))
			going = module_step(&r, mv.st.vcpu);
	}
	if (going)
		drain(&r, vcpus);
	if (r.found)
		report_finding(&r);
	trace_free(&r.t);
	return 0;
}
