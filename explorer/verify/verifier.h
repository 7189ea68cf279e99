/*
 * verifier.h: the parts of `svsmlab verify`, shared by its files.
 *
 *   inputs.c   the guest-input scope: the cases each handler is verified for,
 *              built (case_builder.h) from case_builder.c's steps by the
 *              lists of cases_single.c (one vCPU) and cases_pair.c (two)
 *   templates.c  the formulas instantiated at each step, and the harness
 *              (specs/contracts.smt2 and the templates) they are parsed from
 *   solver.c   the solvers: opened on the specs, pushed and popped, checked
 *   cores.c    sets of formulas found unsatisfiable, which answer later checks
 *   decode.c   the values of a model, as C values
 *   instance.c a template with terms for its constants, quantifier-free,
 *              made once per shape of its terms
 *   memo.c     terms kept across a case's paths, found again by their inputs
 *   query.c    one step of a run as formulas: symbolic states, the
 *              adversary at a yield point, the HAL call, the clauses
 *   force.c    forcing an outcome: the hypervisor's moves that make the
 *              real HAL return what a model says, and the replay to a step
 *   paths.c    the depth-first enumeration of vCPU steps and HAL outcomes;
 *              it returns what it found, and prints nothing
 *   finding.c  what it found: the path that breaks a clause, as a trace
 *   prove.c    the finding written, and proven by replay (or shown not to be)
 *   verify.c   verify_run(): the parts put together, case by case
 *   progress.c how far the run is (the progress line, the caller's
 *              callback), and whether it is to stop
 *   report.c   results in the Verus style and as JSON, from the proof
 *   cli.c      `svsmlab verify`
 *
 * spec.c, encode.c and expand.c (the conformance test's) load the specs
 * and translate machine values to terms and back; they are used as they are.
 */
#ifndef VERIFY_VERIFIER_H
#define VERIFY_VERIFIER_H

#include "verify.h"
#include "spec.h"
#include "encode.h"
#include "../check/engine.h"
#include "../interleave/interleave.h"

#define VSCOPE_MAX 6          /* pages of each kind the hypervisor may change */
/*
 * HAL calls in one run of the calls verified: a 2M validate that cannot
 * grant zeroes 512 pages, then gives all 512 to the pool (cases_2m.c).
 */
#define VPATH_MAX 1100
#define VCASE_MAX_CALLS 2

/* --- inputs.c ------------------------------------------------------------ */

/* One call the case verifies. */
struct vcall {
	unsigned vcpu;
	uint32_t call;                    /* a core call number */
	struct guest_args args;
};

/*
 * A write the guest's other vCPU makes to guest memory while the calls
 * run: the paths put it at every point between two HAL calls.
 */
struct vrace {
	uint64_t gpa;
	uint8_t bytes[16];
	unsigned len;                     /* 0: no race */
};

/*
 * A case: one guest input. The guest's setup (its writes, and any earlier
 * calls, run plainly) brings the machine to the state the call expects;
 * then the calls are made, on their vCPUs, and verified.
 */
#define VCASE_TITLE_MAX 640               /* a case's title; a symbolic list's is the longest */
/* "HANDLER: TITLE", as progress lines and the summary name a case. */
#define VCASE_NAMED_MAX (VCASE_TITLE_MAX + 32)

struct vcase {
	const char *handler;              /* the name of the first call */
	char title[VCASE_TITLE_MAX];      /* the input, in words */
	struct trace setup;               /* cfg, vcpus and the guest's steps */
	struct vcall call[VCASE_MAX_CALLS];
	unsigned ncalls;
	struct vrace race;
	uint64_t pages[VSCOPE_MAX];       /* guest pages the input names: the scope's start */
	unsigned npages;
	/*
	 * The SPA of a 2M entry the hypervisor may PSMASH or take back during
	 * the calls (paths.c, range_moves), or 0: the 2M cases' range.
	 */
	uint64_t range_2m;
};

/* What --inputs symbolic covered of one handler's inputs (symbolic.c). */
struct input_coverage {
	bool searched;                    /* the handler's cases are its regions */
	unsigned regions;                 /* input regions: distinct paths of its input checks */
	bool every_input;                 /* every RCX lies in one of them */
	char bound[64];                   /* the inputs "every" ranges over, if bounded ("...") */
	unsigned runs, questions;         /* the search's plain runs and Z3 questions */
	char why[200];                    /* when not: where the search stopped, or what it leaves */
};

struct vcases {
	struct vcase *c;
	unsigned n, cap;
	unsigned before_input;            /* the cases of the handler(s) before --input chose */
	struct input_coverage cover[SVSM_CORE_NCALLS];
};

/* The case's racing write as a trace step of vcpu (its bytes stay the case's). */
struct trace_step race_step(const struct vcase *c, unsigned vcpu);
/* The cases of the options' handler(s), vCPUs and batch. 0, or -1 with err. */
int inputs_build(struct vcases *cs, const struct verify_options *o, char *err, size_t errlen);
void inputs_free(struct vcases *cs);
/* The handlers --handler takes, in call-number order. */
const char *inputs_handler_name(uint32_t call);
bool inputs_handler_known(const char *name);

/* --- templates.c, solver.c, decode.c, instance.c ---------------------------- */

/*
 * The templates: formulas over the harness's constants (enum hvar). The
 * verifier's own (HAL calls, the adversary), then one per clause of the
 * registry (explorer/ghost/clauses.c), in its order: TPL_OF(id).
 */
enum tpl {
	TPL_PVALIDATE, TPL_RMPADJUST, TPL_READ, TPL_WRITE, TPL_REFUSED,   /* HAL calls */
	TPL_HV_PAGE,                                                     /* the adversary */
	TPL_CLAUSE,                                                      /* the clauses */
	TPL_COUNT = TPL_CLAUSE + CLAUSE_COUNT
};
#define TPL_OF(id) ((enum tpl)(TPL_CLAUSE + (id)))

enum hvar {
	HV_PRE, HV_POST, HV_OUT, HV_VMPL, HV_ADDR, HV_SIZE, HV_FLAG, HV_ATTRS, HV_LEN, HV_LAB,
	HV_OLD, HV_NEW, HV_PAGE, HV_RUNNING, HV_MODULE, HV_SAVE_VMPL, HV_SAVE_SVME, HV_RESULT,
	HV_RCX, HV_OWNER, HV_RDX, HV_RCX_OUT, HV_RAM, HV_BITMAP, HV_COUNT
};

#define VQ_MAX_LEVELS (3 * VPATH_MAX + 8)

struct vq {
	struct spec spec;                 /* the context of the specs and the templates */
	Z3_context solving;               /* the context the queries are solved in */
	Z3_solver fast;                   /* incremental SAT, its formulas guarded: asked first */
	Z3_solver solver;                 /* the tactic chain: where fast cannot decide */
	struct spec view;                 /* the decoders' view of the solving context */
	Z3_params folding;                /* the simplifier's harder ite rules */
	Z3_ast var[HV_COUNT];
	Z3_ast_vector keep;               /* terms of the current path, level by level */
	unsigned mark[VQ_MAX_LEVELS];
	bool scoped[VQ_MAX_LEVELS];       /* the chain has a scope for the level (vq_push) */
	unsigned nfresh;                  /* constants the path has made (vq_fresh) */
	unsigned fresh_mark[VQ_MAX_LEVELS];   /* nfresh when each level was pushed */
	unsigned level;
	/*
	 * In the solving context: the path's formulas, level by level, and
	 * the guards of the first of them (as far as the last check asked).
	 */
	Z3_ast_vector asserted, assumed;
	unsigned guard_mark[VQ_MAX_LEVELS];
	struct vmemo *guards;             /* a formula's id: the formula and its guard */
	struct vcores *cores;             /* sets of formulas found unsatisfiable (cores.c) */
	struct vmodels *models;           /* models of satisfiable checks (models.c) */
	unsigned nguards;                 /* formulas fast holds, guarded */
	Z3_model model;                   /* of the last satisfiable check (in solving), or NULL */
	unsigned long queries, unknown;
	double seconds;                   /* in Z3 checks */
	bool stopped;                     /* the run is cancelled: every check is left undecided */
	bool chain_only;                  /* fast is never asked (verify_options) */
	unsigned timeout_ms;              /* Z3's, per check */
	struct vmemo *memo;               /* terms made once per context (memo.c) */
	/* Bit i: template t reads harness constant i (instance.c; uses_known[t]: worked out). */
	uint32_t uses[TPL_COUNT];
	bool uses_known[TPL_COUNT];
};

/*
 * memo.c: terms found again by a key of bytes (their inputs), held until
 * the memo is full or closed; NULL if key is not there. A memo that could
 * not be opened (NULL) remembers nothing.
 */
struct vmemo *vmemo_open(Z3_context c);
void vmemo_close(struct vmemo *m);
void vmemo_forget(struct vmemo *m);
/* The hash the memo places a key by (also models.c's). */
uint64_t memo_hash(const void *key, size_t len);
const Z3_ast *vmemo_get(struct vmemo *m, const void *key, size_t len);
void vmemo_put(struct vmemo *m, const void *key, size_t len, const Z3_ast *terms,
               unsigned nterms);

/*
 * cores.c: sets of formulas (of the solving context c) found unsatisfiable
 * together; does the path's vector of formulas hold all of one? A store
 * that could not be opened (NULL) holds none.
 */
struct vcores *vcores_open(Z3_context c);
void vcores_close(struct vcores *s);
bool vcores_cover(struct vcores *s, Z3_ast_vector asserted);
void vcores_add(struct vcores *s, Z3_ast_vector core);
/* The ids of the formulas of vector v, in increasing order, in a malloc'd array (NULL: none). */
unsigned *formula_ids(Z3_context c, Z3_ast_vector v, unsigned *n);

/* models.c: models of earlier satisfiable checks, found again by their formulas' hash. */
struct vmodels;
struct vmodels *vmodels_open(Z3_context c);
void vmodels_close(struct vmodels *s);
uint64_t vmodels_key(Z3_context c, Z3_ast_vector formulas);
Z3_model vmodels_get(const struct vmodels *s, uint64_t key);
void vmodels_put(struct vmodels *s, uint64_t key, Z3_model m);

/* templates.c: the harness's text (contracts, constants, templates); NULL with err. */
char *tpl_harness_text(char *err, size_t errlen);
/* Harness constant i, made in s's context. */
Z3_ast tpl_var(struct spec *s, enum hvar i);

/* solver.c: loads the specs with the harness. 0, or -1 with err. */
int vq_open(struct vq *q, unsigned timeout_ms, char *err, size_t errlen);
void vq_close(struct vq *q);
/* A term the path needs until the level it was made at is popped. */
Z3_ast vq_keep(struct vq *q, Z3_ast a);
void vq_push(struct vq *q);
void vq_pop(struct vq *q);
/* Back to nothing asserted, no term kept and a solving context made afresh: between two cases. */
void vq_reset(struct vq *q);
void vq_assert(struct vq *q, Z3_ast f);
/* Check the solver; on SAT, q->model is its model. */
Z3_lbool vq_check(struct vq *q);
/*
 * A constant of sort s, named after prefix and how many the path made
 * before it: the same for the same step of two paths, never the same for
 * two constants of one path.
 */
Z3_ast vq_fresh(struct vq *q, const char *prefix, Z3_sort s);

/* decode.c: the value of t in q->model (completed), as a C value; false if it has none. */
bool vq_get_bool(struct vq *q, Z3_ast t, bool *b);
bool vq_get_bv(struct vq *q, Z3_ast t, uint64_t *u);
bool vq_get_entry(struct vq *q, Z3_ast t, struct rmp_entry *e);
bool vq_get_outcome(struct vq *q, Z3_ast t, struct hw_result *r);
/*
 * instance.c: a shape. The path's constants in a step's terms are fresh
 * ones, so two steps over the same machine never have the same terms; with
 * each constant renamed to a placeholder (the i-th one met is the i-th
 * placeholder of its sort), they do, and the instance over them is made
 * once (memo.c), then has the path's constants put back. vshape_term is t
 * renamed, naming the constants it meets for the first time; sh starts
 * zeroed, and is one renaming for all the terms of one instance.
 */
#define VSHAPE_MAX 256
struct vshape {
	Z3_ast from[VSHAPE_MAX], to[VSHAPE_MAX];   /* the path's constants, their placeholders */
	unsigned n;
	bool full;                                  /* more constants than VSHAPE_MAX: rest unnamed */
};
Z3_ast vshape_term(struct vq *q, struct vshape *sh, Z3_ast t);
/*
 * Template t with the harness constants vals[i] (NULL: left alone)
 * substituted and simplified, its quantifiers over pages and equalities
 * of tables spelled out over every page and simplified again: over a
 * state that is concrete enough, a quantifier-free formula (docs/verify.md).
 * vals are over sh's placeholders (or sh is NULL); the answer is over the
 * path's constants.
 */
Z3_ast vq_instance(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT],
                   const struct vshape *sh);
/*
 * The same for a clause, whose outermost "for all pages" are instantiated
 * only at the open pages, where the state is open (everywhere else it is
 * the witness's, which the run-time checks judge), and the quantifiers
 * inside those at all[0..nall), the pages of the machine: every clause of
 * specs/ guards a page it quantifies over with in-memory, or asks about
 * the pages an address covers, so the pages past memory say nothing.
 */
Z3_ast vq_instance_at(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT],
                      const struct vshape *sh, const unsigned *open, unsigned nopen,
                      const unsigned *all, unsigned nall);

/* lift.c: f with accessors and equalities of records pushed through ite. */
Z3_ast lift_records(struct spec *s, Z3_ast f);

/* --- query.c ------------------------------------------------------------- */

/* The pages the hypervisor may change: their NPT entries, RMP entries and labels. */
struct vscope {
	uint64_t gpa[VSCOPE_MAX];         /* guest pages (NPT) */
	uint64_t start_npt[VSCOPE_MAX];   /* where each maps at the start */
	unsigned ngpa;
	uint64_t spa[VSCOPE_MAX];         /* system pages (RMP entry, label) */
	unsigned nspa;
	uint64_t secret_spa;              /* the module's secrets page, always in */
};

/*
 * A symbolic state is a concrete machine (the base: the witness's, which
 * agrees with every run of the same path outside the scope) with the
 * scope's pages open: these terms.
 */
struct symstate {
	Z3_ast entry[VSCOPE_MAX];         /* Entry of scope.spa[i] */
	Z3_ast label[VSCOPE_MAX];         /* Label of scope.spa[i] */
	Z3_ast npt[VSCOPE_MAX];           /* Addr scope.gpa[i] maps to */
	/*
	 * The two bytes of memory clauses read (specs/contracts.smt2:
	 * save-vmpl, save-svme) of scope.spa[i], read as a VMSA: which page a
	 * write lands on is open, so what it leaves there is too.
	 */
	Z3_ast vmpl[VSCOPE_MAX];          /* (_ BitVec 8): the byte at VMSA_VMPL */
	Z3_ast svme[VSCOPE_MAX];          /* Bool: EFER.SVME */
};

/*
 * A concrete machine as terms, encoded once per step, with the scope's
 * entries left at their defaults: sym_term stores the symbolic state over
 * them (base_encode).
 */
struct base {
	Z3_ast npages, asid, vmpl, rmp, npt, label, running;
	const struct machine *m;
};

/* How a HAL call is decided. */
enum step_kind {
	STEP_FREE,        /* no machine effect (lock, unlock, ghost_own): one outcome */
	STEP_CONCRETE,    /* only pages outside the scope: the outcome is the same in every run */
	STEP_SYMBOLIC,    /* reaches the scope: Z3 enumerates its outcomes */
};

struct vquery {
	struct vq *q;
	const struct vscope *sc;
};

void base_encode(struct vquery *vx, const struct machine *m, struct base *b);
/* The state at the start of the calls: the scope's values of the machine. */
void sym_start(struct vquery *vx, const struct machine *m, struct symstate *x);
/* The State term of x over b. */
Z3_ast sym_term(struct vquery *vx, const struct base *b, const struct symstate *x);
/*
 * The hypervisor at a yield point: post is fresh, and the constraints
 * that it is a move of specs/adversary.smt2 from pre (on the scope) are asserted.
 */
void query_adversary(struct vquery *vx, const struct base *b, const struct symstate *pre,
                     struct symstate *post);
enum step_kind query_classify(const struct vquery *vx, const struct machine *m,
                              const struct sim_event *ev);
/* The system page the call ev reaches on machine m, or NPT_UNMAPPED. */
uint64_t query_target(const struct machine *m, const struct sim_event *ev);
/* A fresh outcome, field by field (so that no record is left to solve). */
Z3_ast query_outcome(struct vquery *vx);
/*
 * Asserts that the HAL call ev, made on pre, has outcome out and leaves
 * post (fresh where the call may write). For a symbolic step only.
 */
void query_call(struct vquery *vx, const struct base *b, const struct symstate *pre,
                struct symstate *post, const struct sim_event *ev, Z3_ast out);

/* Ghost state the clauses read, from the witness at a step. */
struct ghost_terms {
	Z3_ast module, save_vmpl, save_svme;
};
/* From the witness s; the query adds the scope's VMSA bytes from its state. */
void ghost_encode(struct vquery *vx, const struct sim *s, struct ghost_terms *g);
/*
 * After the witness took step ev with outcome out: the contents x's
 * write leaves on each scope page (post's vmpl and svme), given pre.
 */
void query_contents(struct vquery *vx, const struct machine *after, const struct symstate *pre,
                    struct symstate *post, const struct sim_event *ev, struct hw_result out);

/*
 * The clauses a step must keep, each as the formula that it is broken:
 * one slot per clause of the registry (NULL: not asked, or it cannot
 * break), so that none can be dropped; asked in the registry's order.
 */
struct vclauses {
	Z3_ast broken[CLAUSE_COUNT];
};
/* Preconditions of ev on pre, given that it had outcome out (they count only if it took effect). */
void query_preconditions(struct vquery *vx, const struct base *b, const struct symstate *pre,
                         const struct sim_event *ev, struct hw_result out,
                         const struct ghost_terms *g, struct vclauses *cl);
/* The invariants on the state after a step. */
void query_invariants(struct vquery *vx, const struct base *b, const struct symstate *post,
                      const struct ghost_terms *g, struct vclauses *cl);
/*
 * A call as it returned: its number (SVSM_CORE_*), inputs, result and
 * RCX out, and the ghost owners it left.
 */
struct vanswer {
	uint32_t call;
	uint64_t rcx, rdx;
	uint32_t result;
	uint64_t rcx_out;
	const uint8_t *owner;             /* by GPA page (struct ghost_state) */
	bool answered;                    /* the call cleared call_pending: a result to judge */
	const struct svsm *sv;            /* the module at rest (no call under way), or NULL */
};
/*
 * The clauses of the call that ended as a says, on the state post: the
 * contracts of its call when it answered, and the bookkeeping invariants
 * (rows of kind invariant with calls) when the module is at rest.
 */
void query_contracts(struct vquery *vx, const struct base *b, const struct symstate *post,
                     const struct vanswer *a, struct vclauses *cl);
/* Is any clause asked? Some clause of cl is broken (the disjunction), and the first a model breaks (-1: none). */
bool vclauses_asked(const struct vclauses *cl);
Z3_ast vclauses_any(struct vquery *vx, const struct vclauses *cl);
int vclauses_which(struct vquery *vx, const struct vclauses *cl);

/* --- the path: paths.c, force.c, finding.c ------------------------------- */

#define VHV_MAX 24

/* One HAL call of the run, and how the witness got its outcome. */
struct vstep {
	bool race;                        /* not a HAL call: the case's racing guest write */
	bool range_moved;                 /* its first move is the path's, on vc->range_2m (paths.c) */
	unsigned vcpu;
	struct sim_event ev;              /* the call (op, args, site) */
	struct hw_result out;             /* its outcome on this path */
	enum step_kind kind;
	struct symstate pre;              /* after the hypervisor's move at its yield */
	struct symstate post;             /* after the call */
	struct trace_step hv[VHV_MAX];    /* the witness's moves at its yield */
	unsigned nhv;
	uint8_t *page[VSCOPE_MAX];        /* the bytes of its writes to scope page i, or NULL */
	struct footprint foot;            /* what it touched, once taken (paths.c) */
	uint64_t spa_before;              /* the page its call reaches, on the witness, before */
	uint64_t svsm_before;             /* the module's state before it (state_svsm_hash) */
	struct sleep_set after;           /* of the node it leads to */
};

/*
 * What the search found: a path on which a clause breaks. Its steps as
 * the model has them (each call and the outcome the path gives it) go
 * with the trace, so that a replay that does not follow them can be
 * shown beside them (prove.c).
 */
struct finding_step {
	bool race;                        /* the case's racing guest write, not a HAL call */
	unsigned vcpu;
	struct sim_event ev;              /* the call; ev.out is its outcome on the path */
};

struct finding {
	enum clause_id clause;            /* the clause it breaks */
	unsigned step;                    /* the step that breaks it */
	unsigned nsteps;                  /* steps on the path, up to and with that one */
	struct finding_step path[VPATH_MAX];
	bool rebuilt;                     /* trace is the counterexample; else why says why not */
	struct trace trace;               /* the guest's setup and calls, then the path, finished */
	size_t path_start;                /* trace steps before the path's first */
	char why[256];
};

/* What the search of one case returns. */
struct paths_result {
	unsigned long paths;              /* complete runs of the module */
	unsigned long steps;              /* HAL calls taken along them */
	unsigned long diverged;           /* runs the hypervisor's moves did not force as asked */
	bool undecided;                   /* something was not decided: not verified */
	char why[256];                    /* the first thing not decided */
	bool found;                       /* a clause breaks: the search stopped there */
	struct finding finding;
};

/* progress.c: how far a run is, and whether it is to stop. */
struct vrun {
	const struct verify_options *o;
	struct vq *q;
	unsigned done, total;             /* cases finished, of all */
	double started;                   /* when the first case started */
	bool tty;                         /* o->progress is a terminal: one line, rewritten */
	bool shown;                       /* that line is on the terminal now */
	unsigned counterexamples;         /* files written so far: the next is the n+1-th */
	/*
	 * In a worker (workers.c): the case's progress goes to the run's
	 * process instead of o->progress, and the number of its counterexample
	 * comes from there, which knows how many the cases before it wrote.
	 * NULL in the run's own process.
	 */
	void (*relay)(struct vrun *r, const char *what);
	unsigned (*number)(struct vrun *r);
	void *worker;
};

/* The search of one case: its inputs, its solver, the path it stands on. */
struct vengine {
	const struct verify_options *o;
	const struct vcase *vc;
	struct start st;                  /* the booted machine (explorer/check/start.c) */
	struct vq *q;
	struct vquery vx;
	struct vscope scope;
	struct symstate start;            /* the scope at the start of the calls */
	struct vstep path[VPATH_MAX];
	unsigned n;                       /* steps on the path so far */
	struct sleep_set root;            /* of the node at the start of the calls */
	unsigned preemptions;
	bool raced;                       /* the racing write is on the path */
	unsigned changed, max_changed;    /* outcomes the hypervisor changed on the path; the bound */
	const char *title;                /* the case, in words, for the progress line */
	double started, last_progress;
	unsigned long queries_before;     /* the solver's count when this search started */
	struct vrun *run;                 /* the run it is a case of */
	struct paths_result *res;         /* what the search found so far */
};

/* force.c: bring the witness to the start of the calls, or to after step k. */
int witness_start(struct vengine *e, struct trace *record, char *why, size_t whylen);
/*
 * Replay the path's steps 0..k with the moves a model asks for at each
 * yield point (computed against the witness as it goes) and check that
 * every step meets its recorded call and outcome (step k: want). The
 * model is q->model; with model NULL the recorded moves are replayed.
 * 0, or -1 with why (the moves could not force the outcome).
 */
int witness_force(struct vengine *e, unsigned k, const struct hw_result *want, bool use_model,
                  char *why, size_t whylen);
/* The HAL call vcpu stands before (a blocked vCPU: the lock it waits for), or NULL. */
const struct sim_event *pending(const struct sched *sc, unsigned vcpu);
/* Forget a step (its buffers too). */
void vstep_clear(struct vstep *step);
/* Take step k on the witness as it stands, with no move at its yield point. */
int witness_step(struct vengine *e, unsigned k, char *why, size_t whylen);
/*
 * The hypervisor's move mv on the case's 2M range (a PSMASH, or an
 * RMPUPDATE that takes it back) at step k's yield point, on the witness
 * now, before witness_step takes the call: step k's first move.
 */
int witness_range_move(struct vengine *e, unsigned k, const struct trace_step *mv, char *why,
                       size_t whylen);
/*
 * The witness's trace up to step k: setup, calls (*path_start steps in
 * all), then the path's moves and steps. Leaves the witness there.
 */
int witness_trace(struct vengine *e, unsigned k, struct trace *t, size_t *path_start,
                  char *why, size_t whylen);

/* paths.c: every run of the case's calls, until a clause breaks; res says what came of it. */
void paths_explore(struct vengine *e, struct paths_result *res);

/*
 * finding.c: the path up to step k (its moves already forced from the
 * violating model), finished without further moves, as e->res->finding,
 * expecting clause; the search stops.
 */
void finding_build(struct vengine *e, unsigned k, enum clause_id clause);
void finding_free(struct finding *f);

/* --- progress.c ---------------------------------------------------------- */

void progress_start(struct vrun *r, const struct verify_options *o, struct vq *q,
                    unsigned total);
/*
 * Between two steps of e's search: the progress shown (now and then), and
 * the caller asked whether to stop. True when the run is stopped: the
 * search is to return at once, and the case has no verdict.
 */
bool progress_poll(struct vengine *e);
/* Before a case starts: is the run stopped? */
bool progress_stopped(struct vrun *r);
/* Off the terminal with the progress line, before the report writes there. */
void progress_hide(struct vrun *r);
/* Case title is finished: the caller's callback, and the line redrawn. */
void progress_case(struct vrun *r, const char *title);

/* What the case under way says (a worker's, relayed): the terminal's line, or a line of the log. */
void progress_show(struct vrun *r, const char *what);

/* --- verify.c, workers.c ---------------------------------------------------- */

/*
 * Verify one case in this process: r says what came of it, and its error
 * (if any) is reported in full to out (NULL: not). False when the run was
 * stopped before the case was finished: r is no verdict.
 */
bool verify_case(struct vrun *run, const struct verify_options *o, const struct vcase *vc,
                 FILE *out, struct verify_case_result *r, struct vscope *scope,
                 char *cex_path, size_t cex_len);

struct workers;
/*
 * The worker processes of a run with o->jobs >= 1, none started yet. 0,
 * or -1 with err. report: the cases' errors are reported in full.
 */
int workers_open(struct workers **w, const struct verify_options *o, struct vrun *run,
                 const struct vcases *cs, bool report, char *err, size_t errlen);
/*
 * Case i's result, as verify_case gives it (its error report, and what it
 * wrote to standard error, printed here now), once it is in; the run
 * asks for the cases in order. The workers run the cases after it
 * meanwhile. False as verify_case.
 */
bool workers_case(struct workers *w, unsigned i, FILE *out, struct verify_case_result *r,
                  struct vscope *scope, char *cex_path, size_t cex_len);
/* The workers still running stopped (their cases are not reported), and freed. */
void workers_close(struct workers *w);

/* --- prove.c ------------------------------------------------------------- */

/* One line of a path shown beside its replay. */
struct proof_row {
	enum { ROW_MOVE, ROW_STEP, ROW_RACE } kind;
	unsigned step;                    /* the path's step it belongs to */
	char what[96];                    /* the move, the write, or the call and outcome the path gives */
	char got[96];                     /* ROW_STEP: what the replay's call returned */
};

struct proof {
	char path[256];                   /* the counterexample file, or "" if not written */
	bool unwritten;                   /* it could not be written: why says why */
	bool proven;                      /* its replay fires the clause */
	char why[256];                    /* why not proven */
	struct replay_violations fired;   /* the checks the replay fired */
	bool shrunk;                      /* the file is the trace shrunk by replay (shrink says how) */
	struct shrink_stats shrink;
	/* Not proven: the path beside what its replay did, row by row. */
	bool replay_started;              /* else start_why says why not */
	char start_why[200];
	struct proof_row *rows;
	unsigned nrows, cap;
};

/*
 * Write the finding's counterexample as the n-th of the run (out names the
 * first) with its JSON, and replay the file on a fresh machine.
 */
void prove_finding(const struct finding *f, const char *out, unsigned n, struct proof *p);
/* The counterexample's size as found and as written into r, with what shrinking cost. */
void proof_sizes(const struct proof *p, const struct finding *f, struct verify_case_result *r);
void proof_free(struct proof *p);

/* --- report.c ------------------------------------------------------------ */

/* An error in the Verus style: the replay's violation, the spec's clause, the files. */
void report_error(FILE *out, const char *title, const struct verify_case_result *r,
                  const struct finding *f, const struct proof *p);
/* The header: what is verified, for which inputs and scope. */
void report_header(FILE *out, const struct verify_options *o, const struct vcases *cs);
/* verify_list's lines: a case, and the regions each handler's search found. */
void report_listed(FILE *out, const struct vcase *c);
void report_regions(FILE *out, const struct vcases *cs);
/* One line per case. */
void report_case(FILE *out, const struct vcase *c, const struct vscope *sc,
                 const struct verify_case_result *r);
void report_summary(FILE *out, const struct verify_summary *sum);
/*
 * --inputs symbolic: per handler searched, "verified for every input" with
 * its regions and paths, or what was covered and why not every input;
 * paths[] and verified[] by call number, over the cases finished.
 */
void report_coverage(FILE *out, const struct vcases *cs, const unsigned long paths[],
                     const unsigned verified[]);
/*
 * The same as JSON: one object per case, then (--inputs symbolic) the
 * coverage, one object per handler searched, then the totals.
 */
void report_json_case(FILE *out, bool first, const struct vcase *c,
                      const struct verify_case_result *r, const char *cex_path);
void report_json_end(FILE *out, const struct verify_summary *sum, const struct vcases *cs,
                     const unsigned long paths[], const unsigned verified[]);

#endif
