/*
 * check.h: `svsmlab check`, a search over concrete executions.
 *
 * A scenario says only what the guest does (a trace of guest steps). The
 * search runs the real module on the machine model and tries, at every
 * point between two hardware steps, every choice the environment has:
 * which vCPU's module takes its next step, which guest vCPU goes on with
 * its program, and which move from a small scope the hypervisor makes. It
 * stops at the first failed check, writes the execution as a trace, and
 * replays that trace on a fresh machine to prove it. docs/check.md says
 * what is searched and how to read the result.
 */
#ifndef CHECK_CHECK_H
#define CHECK_CHECK_H

#include <limits.h>
#include <stdio.h>

#include "../trace/shrink.h"
#include "../trace/trace.h"

#define CHECK_UNBOUNDED UINT_MAX
#define CHECK_MAX_EXTRA_PAGES 8
#define CHECK_MAX_CLAUSES 16

/* Called for every move the search carries out, from state to state. */
typedef void (*check_edge_fn)(void *arg, uint64_t from, uint64_t to, const char *label,
                              bool violation);

struct check_options {
	unsigned depth;              /* steps per execution */
	unsigned hv_actions;         /* hypervisor moves per execution */
	unsigned preemptions;        /* switches away from a vCPU that could go on */
	unsigned long max_executions;  /* 0: no limit */
	bool all;                    /* go on after a violation */
	bool no_por;                 /* explore every order of independent moves */
	bool no_hashing;             /* never prune a state seen before */
	bool clauses_only;           /* no second search for data races (check_run) */
	uint64_t extra_pages[CHECK_MAX_EXTRA_PAGES];   /* GPAs added to the scope */
	unsigned nextra;
	FILE *progress;              /* where the progress line goes, or NULL */
	check_edge_fn on_edge;       /* NULL: nobody draws the state graph */
	void *edge_arg;
};

/* The bounds and switches `svsmlab check` uses when not told otherwise. */
void check_defaults(struct check_options *o);

struct check_clause_count {
	const char *clause;
	unsigned long executions;    /* executions that ended on it */
};

struct check_result {
	unsigned long executions;    /* runs from the start to the end of a branch */
	unsigned long states;        /* distinct states met */
	unsigned long moves;         /* moves carried out, replays not counted */
	unsigned long pruned_seen;   /* branches cut: state seen with as much budget */
	unsigned long pruned_sleep;  /* branches cut: only reorderings of explored ones left */
	unsigned long cut_depth;     /* executions that reached the depth bound */
	unsigned long violations;    /* executions that ended on a failed check */
	bool stopped;                /* max_executions reached: the search is not complete */
	double seconds;
	unsigned scope_moves;        /* hypervisor moves in the scope */
	unsigned scope_pages;        /* guest pages in the scope */
	/* The first violation found: its clause, the execution as a trace, its states. */
	bool found;
	char clause[48];
	struct trace counterexample;
	uint64_t *path;              /* state keys from the start to the violation */
	size_t npath;
	struct check_clause_count clauses[CHECK_MAX_CLAUSES];   /* with `all` */
	unsigned nclauses;
	bool race_search;            /* these are the second search's, for races (check_run) */
};

/*
 * Options a search can run with: 0, or -1 with the reason in err (a
 * --page that is not a guest page; no state hashing with neither the
 * depth nor the hypervisor's moves bounded, under which one execution
 * can go on forever: a move and the move that undoes it, again and again).
 */
int check_options_check(const struct check_options *o, char *err, size_t errlen);

/*
 * Search the scenario's executions within the bounds. 0 when the search
 * ran (r says what it found), -1 with a reason in err when the scenario is
 * not one (not guest-only, a bad vCPU, a machine that does not boot) or
 * the options are not (check_options_check).
 */
int check_run(const struct trace *scenario, const struct check_options *o,
              struct check_result *r, char *err, size_t errlen);
void check_result_free(struct check_result *r);

/* The checks a replay saw fire, in the order they fired (the first ones kept). */
struct replay_violations {
	struct violation v[RECORD_MAX_VIOLATIONS];
	unsigned n;
};
/*
 * Replay a trace on a freshly booted machine. True when every step could
 * be carried out and the trace's expected clause fired, first or not (or,
 * when it expects none, no check fired), as `svsmlab run` judges it.
 * Otherwise false, with why. With report, every check that fired is
 * reported there; with fired, kept there.
 */
bool check_replay(const struct trace *t, FILE *report, struct replay_violations *fired,
                  char *why, size_t whylen);
/*
 * The same for the trace file at path, loaded back as `svsmlab run` loads
 * it: only a replay of the written file proves that the file shows what
 * it expects.
 */
bool check_replay_file(const char *path, FILE *report, struct replay_violations *fired,
                       char *why, size_t whylen);

/* What searching again for a shorter counterexample did. */
struct check_deepening {
	unsigned moves_before, moves_after;   /* the counterexample's moves (the depth's unit) */
	unsigned searches;                    /* searches made again, each one move tighter */
	unsigned long executions;             /* their executions */
	unsigned depth_without;               /* the bound of the last, which found none */
	bool shortest;                        /* it searched its whole space: none is shorter */
	double seconds;
};

/*
 * After check_run() found r's counterexample: search the scenario again
 * with the depth one move below the counterexample's, while that finds
 * one failing the same clause, which then replaces r's counterexample and
 * path (r's counts stay the first search's). d->shortest when the last
 * search covered its bounds and found none: no execution fails in fewer
 * moves. Nothing is done with o->all. 0, or -1 with err.
 */
int check_shortest(const struct trace *scenario, const struct check_options *o,
                   struct check_result *r, struct check_deepening *d, char *err, size_t errlen);

/*
 * Cut counterexample t down to what its failure needs (explorer/trace/shrink.h):
 * deleting the hypervisor's moves (SHRINK_MOVES) or any step (SHRINK_STEPS)
 * and making the moves' values readable. A candidate is kept only when
 * its replay carries out every step, fires t's expected clause, and fires
 * first the check that fired first on t. 0, or -1 with why when t itself
 * does not fail so on replay, or memory runs out (t is then unchanged).
 */
int check_shrink(struct trace *t, enum shrink_what what, struct shrink_stats *st, char *why,
                 size_t whylen);

/* `svsmlab check FILE [options]`; returns the exit status. */
int check_main(int argc, char **argv);

#endif
