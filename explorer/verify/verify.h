/*
 * verify.h: `svsmlab verify`, the SMT verifier of the module's handlers.
 *
 * Two layers (after VeriSMo). The module runs concretely on the machine
 * model, one guest call (or two, on two vCPUs) at a time; at every point
 * where one of its HAL calls is about to take effect, the hypervisor may
 * make any change specs/adversary.smt2 allows on a small scope of pages.
 * Which HAL outcomes that allows is asked of Z3, outcome by outcome and
 * depth first, so that every run the module can take is enumerated; along
 * each, Z3 is asked whether some behaviour of the hypervisor breaks a
 * clause (specs/contracts.smt2, specs/invariants.smt2). A model is turned
 * into a trace and replayed on a fresh machine: only a replay whose
 * run-time checks fire on the same clause is a proven counterexample.
 * docs/verify.md says what is verified, for which inputs, and how.
 */
#ifndef VERIFY_VERIFY_H
#define VERIFY_VERIFY_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define VERIFY_MAX_EXTRA_PAGES 4
#define VERIFY_UNBOUNDED UINT_MAX
#define VERIFY_BY_VCPUS (UINT_MAX - 1)
#define VERIFY_MAX_JOBS 64     /* worker processes of one run, at most */

/* How far a run is, after a case. */
struct verify_progress {
	unsigned done, total;        /* cases finished, of the run's (it stops early at an error) */
	double seconds;              /* since the first case started */
	const char *title;           /* the case just finished: "handler: input" */
};
/*
 * "12/82 cases, about 40 s left": how far p is, with a guess of the time
 * left from the cases done (their mean time: cases differ, so a guess).
 */
void verify_progress_text(const struct verify_progress *p, char *buf, size_t len);

struct verify_options {
	uint32_t bugs;               /* SVSM_BUG_BIT(...) of the module verified */
	const char *handler;         /* one handler's name, or NULL for all */
	const char *input;           /* only the cases whose input contains this text, or NULL */
	const char *first;           /* the cases whose input contains this text go first, or NULL */
	unsigned vcpus;              /* 1: one call at a time; 2: pairs of calls on two vCPUs */
	unsigned batch;              /* PVALIDATE entries per request, at most (1 or 2) */
	/*
	 * The inputs: false, the classes of cases_single.c; true, those Z3
	 * chooses, region by region of the module's input checks (symbolic.c).
	 */
	bool symbolic_inputs;
	unsigned preemptions;        /* switches between the two vCPUs, at most */
	/*
	 * HAL calls of one run whose outcome the hypervisor changes from the
	 * one the call has when it does nothing, at most: VERIFY_UNBOUNDED, or
	 * VERIFY_BY_VCPUS (the default): unbounded with one vCPU, 1 with two.
	 */
	unsigned changed_outcomes;
	unsigned timeout_ms;         /* per Z3 query */
	/*
	 * Ask only the tactic chain, never the incremental SAT solver first:
	 * the verifier's solving before issue 13, slower, kept so that tests
	 * can compare the two's verdicts (solver.c).
	 */
	bool chain_only;
	uint64_t extra_pages[VERIFY_MAX_EXTRA_PAGES];   /* GPAs added to the hypervisor's scope */
	unsigned nextra;
	bool all;                    /* every case, even after an error */
	/*
	 * 0: the cases run in this process, one after the other, on one Z3
	 * context. N (1 to VERIFY_MAX_JOBS): each case runs in a process of
	 * its own, forked from this one once the specs are loaded, N at a
	 * time, so that no case's result depends on the cases before it; the
	 * report is the same for every N (workers.c). The caller must have
	 * asked Z3 nothing itself (a fork would not copy Z3's timer thread).
	 */
	unsigned jobs;
	const char *out;             /* counterexample file (its .json beside it) */
	/*
	 * Where the run says how far it is, or NULL: on a terminal one line
	 * rewritten in place (cases done of all, the time left), elsewhere a
	 * line every few seconds about the case under way.
	 */
	FILE *progress;
	/* Called once after each case, with how far the run is; NULL: nobody. */
	void (*on_case)(void *arg, const struct verify_progress *p);
	/*
	 * Asked before each case and between two steps of the search (so at
	 * least once per Z3 query; a query ends within the time-out), with how
	 * far the run is (no title): true stops the run. The case under way is
	 * left unfinished, with no verdict; the cases done are reported. NULL:
	 * never.
	 */
	bool (*cancelled)(void *arg, const struct verify_progress *p);
	void *arg;                   /* given to both */
};

void verify_defaults(struct verify_options *o);
/*
 * The defaults, for the module with bugs switched on, verified as the
 * catalog says each must be (catalog.h, struct bug_verify): the vCPUs the
 * bugs need, their handler when they share one (all handlers otherwise,
 * and for the correct module), and the case that shows a single bug first.
 */
void verify_defaults_for(struct verify_options *o, uint32_t bugs);
/* The bound on changed outcomes o stands for (VERIFY_BY_VCPUS resolved). */
unsigned verify_changed_outcomes(const struct verify_options *o);

enum verdict { VERDICT_VERIFIED, VERDICT_ERROR, VERDICT_UNKNOWN };

/* What one case (one guest input, one handler or pair) came to. */
struct verify_case_result {
	enum verdict verdict;
	unsigned long paths;         /* complete runs of the module */
	unsigned long steps;         /* HAL calls taken along them */
	unsigned long queries;       /* Z3 checks */
	unsigned long unknown;       /* of them, undecided (time-out) */
	unsigned long diverged;      /* runs the hypervisor's moves did not force as asked */
	double seconds, z3_seconds;
	char clause[48];             /* the error's clause */
	bool proven;                 /* the counterexample replays on the clause */
	bool unwritten;              /* its file could not be written (why says why): an I/O error */
	/*
	 * Its size in steps and hypervisor moves, as the search found it [0]
	 * and as written, shrunk by replay [1]; what shrinking cost.
	 */
	unsigned cex_steps[2], cex_moves[2], shrink_replays;
	double shrink_seconds;
	char why[256];               /* the reason when not proven, or not verified */
};

/* Every case of the run, in order. */
struct verify_summary {
	unsigned cases, verified, errors, unknown;   /* cases: those finished */
	unsigned total;              /* the cases of the run's scope */
	bool interrupted;            /* cancelled: the cases not finished have no verdict */
	unsigned unwritten;          /* errors whose counterexample could not be written */
	unsigned long queries;
	double seconds, z3_seconds;
	unsigned jobs;               /* the run's workers at once (0: none), whose Z3 times add up */
	double first_error_seconds;  /* from the start to the first error, or 0 */
	unsigned long first_error_queries;
	/* The first error, for tools that need more than the report's text. */
	struct {
		char clause[48];
		bool proven;                 /* its counterexample replays on the clause */
		char counterexample[256];    /* the trace file, or "" if none was written */
		char title[672];             /* the case: "handler: input" */
		unsigned steps[2], moves[2], shrink_replays;   /* as in verify_case_result */
		double shrink_seconds;
	} first;
};

/*
 * Verify every case of the options' scope, printing each result (and each
 * error, in full) to out; a counterexample goes to o->out (a file that
 * cannot be written is counted in sum->unwritten, never replayed). When
 * o->cancelled stops it, sum->interrupted: the report and the summary
 * cover the cases finished, and say the run was interrupted. Returns 0, or
 * -1 with a reason in err (options out of range, the specs do not load,
 * an unknown handler, no case matches).
 */
int verify_run(const struct verify_options *o, FILE *out, bool json,
               struct verify_summary *sum, char *err, size_t errlen);

/*
 * The cases verify_run would verify, one line each, without verifying
 * them: the header, the cases, and for --inputs symbolic each handler's
 * regions and what searching them took (`svsmlab verify --list`). The
 * search for regions asks Z3; the cases' paths are not explored. Returns
 * 0, or -1 with a reason in err as verify_run.
 */
int verify_list(const struct verify_options *o, FILE *out, char *err, size_t errlen);

/* `svsmlab verify [options]`; returns the exit status. */
int verify_main(int argc, char **argv);
/* The words --handler takes (verify's and demo's): the i-th handler, then "all", then NULL. */
const char *verify_handler_value(unsigned i);

#endif
