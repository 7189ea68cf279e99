/*
 * engine.h: the parts of the search, shared by the files of explorer/check/.
 *
 *   start.c      the booted machine every execution starts from
 *   scenario.c   the guest steps of a scenario, split into one program per vCPU
 *   scope.c      the hypervisor's moves the search tries
 *   moves.c      which moves can happen now, and carrying one out
 *   touches.c    what a move touches (its footprint)
 *   state.c      the key of a state: machine, module, and every vCPU's position
 *   search.c     the depth-first search itself
 *   report.c     the progress line, and the counterexample as a trace
 *   run.c        check_run() and check_replay(): the parts put together
 *   shortest.c   check_shortest(): the shortest counterexample, by searching again
 *   shrink.c     check_shrink(): a counterexample cut down by replay
 *   cli.c        `svsmlab check`: options, summary, files, proof by replay
 *
 * The rules of the interleaving itself (move numbers, footprints, sleep
 * sets, the preemption bound, the visited states) are explorer/interleave/'s,
 * shared with svsmlab verify.
 */
#ifndef CHECK_ENGINE_H
#define CHECK_ENGINE_H

#include "check.h"
#include "../trace/world.h"
#include "../interleave/interleave.h"

/* --- start.c --- */
struct start {
	struct world *w;                 /* the booted machine (explorer/trace/world.h) */
	struct sim *s;                   /* &w->s */
	struct sched *sc;                /* &w->sc */
	unsigned base_step;              /* s->rec.step once booted: the trace starts here */
	struct sim_snapshot snap;        /* the booted machine */
	bool have_snap;
};
/* Boot the machine a trace describes and remember it. 0, or -1 with err. */
int start_open(struct start *st, const struct trace *t, char *err, size_t errlen);
/* Back to the start: machine, module, ghost state, record, scheduler. */
void start_rewind(struct start *st);
void start_close(struct start *st);

/* --- scenario.c --- */
/* One vCPU's guest steps, in order; a call is always followed by its finish. */
struct program {
	const struct trace_step **steps;
	unsigned n;
};
struct scenario {
	const struct trace *t;
	unsigned vcpus;
	struct program prog[MACHINE_MAX_VCPUS];
	struct trace_step finish[MACHINE_MAX_VCPUS];   /* finishes the scenario left out */
};
int scenario_build(struct scenario *sn, const struct trace *t, char *err, size_t errlen);
void scenario_free(struct scenario *sn);

/* The hypervisor's moves are numbered after the vCPUs' (interleave.h). */
#define SCOPE_MAX (MOVE_MAX - MOVE_HV(0))

/* --- scope.c --- */
#define SCOPE_MAX_PAGES 8
/* One move of the hypervisor: one action, or two done at the same yield point. */
struct scope_move {
	struct trace_step step[2];
	unsigned n;
};
struct scope {
	uint64_t pages[SCOPE_MAX_PAGES];   /* guest pages the scenario works on */
	uint64_t page_spa[SCOPE_MAX_PAGES];/* the system page each maps to at the start */
	unsigned npages;
	uint64_t secret_spa;               /* the module's secrets page */
	struct scope_move mv[SCOPE_MAX];
	unsigned n;
};
/*
 * Derive the scope from one plain run of the scenario (each vCPU's program
 * in turn, no hypervisor): the pages the module validated, rescinded,
 * zeroed or adjusted, plus extra. Leaves the machine rewound to the start.
 * 0, or -1 with err.
 */
int scope_build(struct scope *sp, struct start *st, const struct scenario *sn,
                const uint64_t *extra, unsigned nextra, char *err, size_t errlen);
/* Would the move change anything now? (Moves that would not are never tried.) */
bool scope_move_changes(const struct sim *s, const struct scope_move *mv);

/* --- touches.c --- */
/* What the move (its steps st[0..n-1]) touches, judged before it is carried out. */
void footprint_before(struct footprint *f, const struct sim *s, const struct sched *sc,
                      int id, const struct trace_step *st, unsigned n);
/* Add what only carrying it out showed (it changed the module's state, ended a call). */
void footprint_after(struct footprint *f, const struct sim *s, const struct sched *sc, int id,
                     bool svsm_changed);

/* --- moves.c --- */
/* What the search remembers of one execution so far, besides the machine. */
struct pathctx {
	unsigned pc[MACHINE_MAX_VCPUS];          /* next guest step of each program */
	uint64_t digest[MACHINE_MAX_VCPUS];      /* what each vCPU's call has seen */
	unsigned hv_used, preemptions;
	int last;                                /* vCPU of the last guest/module move, or -1 */
};
struct engine;
/* The moves that can happen now, and those the bounds still allow. */
void moves_enabled(struct engine *e, const struct pathctx *p, moveset *enabled,
                   moveset *allowed);
/* The trace steps a move is made of (a module step is T_STEP of its vCPU); how many. */
unsigned move_steps(const struct engine *e, const struct pathctx *p, int id,
                    struct trace_step out[2]);
/* Carry a move out; p becomes the context after it. 0, or -1 with why. */
int move_apply(struct engine *e, struct pathctx *p, int id, char *why, size_t whylen);
/* A few words for a move about to happen, e.g. "module 1 pvalidate 0x20000". */
void move_label(const struct engine *e, const struct pathctx *p, int id, char *buf, size_t n);

/* --- state.c --- */
/*
 * A hash of what sim_hash() covers, kept up to date: the machine's tables
 * are a sum of one contribution per entry, and only the entries the
 * machine marked as changed (WATCH_STATE_KEY) are hashed again.
 */
struct fingerprint {
	uint64_t part[DIRTY_TABLES][MACHINE_MAX_PAGES];   /* each entry's contribution */
	uint64_t sum;                                     /* of them all, mod 2^64 */
	/* Every contribution replaced since the start, with what it was: the undo log. */
	struct fingerprint_undo { uint16_t table, index; uint64_t was; } *undo;
	size_t nundo, capundo;
	unsigned epoch;                                   /* the log's, new when it is dropped */
};
/* A point in the log: where the fingerprint stood when a state's key was taken. */
struct fingerprint_mark {
	size_t at;
	unsigned epoch;
};
/* Hash every entry, and start watching the machine's changes. */
void fingerprint_init(struct fingerprint *f, struct sim *s);
void fingerprint_free(struct fingerprint *f);
uint64_t fingerprint_sim(struct fingerprint *f, struct sim *s);
/* The same, with the module's state hashed already (state_svsm_hash). */
uint64_t fingerprint_sim_svsm(struct fingerprint *f, struct sim *s, uint64_t svsm);
struct fingerprint_mark fingerprint_now(const struct fingerprint *f);
/*
 * The machine is as it was at mark again (the search replayed the path to
 * that state): take the fingerprint back there too, rather than hash again
 * everything the rewind and the replay wrote.
 */
void fingerprint_back(struct fingerprint *f, struct sim *s, struct fingerprint_mark mark);
/*
 * The key of a state (svsm: its state_svsm_hash): the machine's
 * fingerprint and every vCPU's position.
 */
uint64_t state_key(struct engine *e, const struct pathctx *p, uint64_t svsm);
/* What a module step saw: its HAL call, the outcome and any bytes read. */
uint64_t state_digest_step(uint64_t digest, const struct sim *s, const struct sim_event *ev);
/* The module's own state, to tell whether a step changed it. */
uint64_t state_svsm_hash(const struct sim *s);

/* --- search.c --- */
/* One state on the current execution's path. */
struct node {
	struct pathctx ctx;                  /* the context on arrival */
	uint64_t key;
	uint64_t svsm;                       /* state_svsm_hash on arrival */
	struct fingerprint_mark fpm;         /* the fingerprint just after key was taken */
	moveset enabled, todo;
	int chosen;                          /* the move taken from here, or -1 */
	struct sleep_set sleep;
};

struct engine {
	const struct check_options *o;
	struct check_result *r;
	struct start st;
	struct scenario sn;
	struct scope scope;
	struct fingerprint fpr;
	struct visited seen;
	struct node *path;                   /* path[0] is the start */
	unsigned top;                        /* path[top] is the current state */
	double started, last_progress;
};
/* Explore; e->r says what was found. 0, or -1 with why when a move failed to happen. */
int search_run(struct engine *e, char *why, size_t whylen);

/* --- report.c --- */
/* The progress line, at most a few times a second. */
void progress_tick(struct engine *e, bool final);
/* The trace of the current path (the counterexample), with its expected clause. */
int counterexample_build(struct engine *e, struct trace *t, const char *clause);

#endif
