/*
 * model.h: what the explorer shows, apart from how it is drawn.
 *
 * The explorer holds a trace and a cursor: "step n of N" means the first
 * n steps of the trace have been carried out on a freshly booted machine.
 * Going forward carries out the next steps; going back restores the
 * booted machine and carries the first n steps out again, which gives the
 * same state because a run is deterministic (coroutines cannot be copied,
 * so there is no other way back).
 *
 * Nothing here knows about ncurses: `svsmlab explore --text`, the
 * terminal interface (explorer/tui/), the demo's replay and the gdb stub
 * all read the model.
 *
 *   model.c     the booted machine, the cursor, the scan of the whole run
 *   pages.c     the RMP and NPT as tables, and what the last step changed
 *   branch.c    the traces explored so far: forks keep the old branch
 *   moves.c     what may happen next at the cursor (the menu's choices)
 *   watch.c     watches: expressions evaluated at every step
 *   describe.c  events and steps in a few words
 *   text.c      the run as plain text (--text)
 */
#ifndef MODEL_MODEL_H
#define MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "../catalog/catalog.h"
#include "../trace/trace.h"

/* --- pages.c ------------------------------------------------------------- */

/* The part of the state the RMP and NPT panes show. */
struct pages {
	unsigned npages;
	uint32_t asid;
	struct rmp_entry rmp[MACHINE_MAX_PAGES];   /* by SPA page */
	uint64_t npt[MACHINE_MAX_PAGES];           /* by GPA page */
	uint8_t label[MACHINE_MAX_PAGES];          /* by SPA page */
	uint8_t owner[MACHINE_MAX_PAGES];          /* by GPA page */
};

void pages_capture(struct pages *p, const struct sim *s);

/*
 * A column of a table: the RMP has a row per SPA page, the NPT a row per
 * GPA page. Column 0 is the row's own address. A cell "changed" when its
 * text differs between two states, so the panes and --text agree on what
 * a step changed without a second notion of difference.
 */
struct column {
	const char *head;         /* in the table's header */
	const char *name;         /* in words, for --text */
	int width;
	void (*show)(const struct pages *p, unsigned row, char *buf, size_t len);
};
enum table { TABLE_RMP, TABLE_NPT };
const struct column *table_columns(enum table tb, unsigned *count);
/*
 * Rows of a table from state a to b: every SPA; the GPAs mapped or owned
 * in either (so that a row a step empties still shows what it lost).
 */
unsigned table_rows(enum table tb, const struct pages *a, const struct pages *b,
                    unsigned *rows, unsigned max);
/* Did cell (row, col), or any cell of a row, change from a to b? */
bool cell_changed(enum table tb, const struct pages *a, const struct pages *b,
                  unsigned row, unsigned col);
bool row_changed(enum table tb, const struct pages *a, const struct pages *b, unsigned row);
/* The first row (its address page) that changed from a to b, or -1. */
int first_changed_row(enum table tb, const struct pages *a, const struct pages *b);

/* --- watch.c ------------------------------------------------------------- */

enum watch_kind { WATCH_BYTES, WATCH_RMP, WATCH_OWNER, WATCH_LABEL, WATCH_CLAUSE, WATCH_KIND_COUNT };
#define WATCH_TEXT_MAX TRACE_WATCH_MAX
#define WATCHES_MAX TRACE_WATCHES_MAX

struct watch {
	enum watch_kind kind;
	uint64_t addr;                /* GPA, or SPA for rmp */
	unsigned len;                 /* bytes */
	char clause[48];              /* clause */
	char text[WATCH_TEXT_MAX];    /* as a trace saves it: "bytes 0x20020 8" */
};

struct model;
/* Read a watch as the user types it (watch.c's comment has the forms). 0, or -1 with err. */
int watch_parse(const char *text, struct watch *w, char *err, size_t errlen);
/* Its value now, the first nviolations of the scan counting as fired so far. */
void watch_value(const struct model *m, const struct watch *w, size_t nviolations, char *buf,
                 size_t len);

/* --- model.c ------------------------------------------------------------- */

/* What one step of the trace did, found by the scan of the whole run. */
struct step_info {
	size_t first_event, nevents;          /* in model.events */
	size_t first_violation, nviolations;  /* in model.violations */
	bool refused;                         /* the step could not be carried out */
	char why[96];
	int changed_row[2];                   /* per enum table: first_changed_row(), or -1 */
};

struct model {
	struct trace *t;              /* the branch being explored (not owned) */
	struct sim *s;
	struct sched sc;
	struct sim_config cfg;        /* how it was booted, to tell when to boot again */
	unsigned vcpus;
	struct sim_snapshot start;    /* the booted machine */
	struct sim_call start_calls[SVSM_MAX_VCPUS];
	unsigned base_step;           /* s->rec.step when booted: the trace starts here */
	unsigned base_violations;
	bool booted;
	size_t cursor;                /* steps carried out, 0..t->n */

	/* The scan: the whole trace carried out once, step by step. */
	struct step_info *info;       /* t->n entries */
	struct sim_event *events;
	size_t nevents, events_cap;
	struct violation *violations;
	size_t nviolations, violations_cap;

	struct pages before, now;     /* around the last step carried out */

	/* Watches, and for each, which steps changed its value (the scan finds them). */
	struct watch watches[WATCHES_MAX];
	unsigned nwatches;
	bool *watch_changed;          /* [k * t->n + i]: step i changed watch k */
};

/* Boot the machine t describes and scan t; the cursor is at 0. 0, or -1 with err. */
int model_open(struct model *m, struct trace *t, char *err, size_t errlen);
void model_close(struct model *m);
/* Explore another trace (a branch), or this one after it changed; cursor at `at`. */
int model_use(struct model *m, struct trace *t, size_t at, char *err, size_t errlen);
/* Carry out exactly the first n steps (n is clamped to the trace). */
void model_goto(struct model *m, size_t n);
/* The first step after `from` whose row text contains `text` (any case), or -1. */
long model_search(const struct model *m, size_t from, const char *text);
/* The first step at or after `from` on which a check fired, or -1. */
long model_next_violation(const struct model *m, size_t from);
long model_prev_violation(const struct model *m, size_t before);
/* The latest violation of the steps carried out so far, or NULL. */
const struct violation *model_last_violation(const struct model *m);
/* The step (index into the trace) on which violation k of the scan fired. */
size_t model_violation_step(const struct model *m, size_t k);
/* Violations among the steps carried out so far. */
size_t model_violations_so_far(const struct model *m);
/* The newest module event at or before the cursor (its step in *step), or NULL. */
const struct sim_event *model_last_module_event(const struct model *m, size_t *step);
/* The clause the whole run fires first, or "" (what a saved trace expects). */
const char *model_first_clause(const struct model *m);
/*
 * The row of table tb that the newest step at or before the cursor
 * changed (the first, if several), or -1: where a table looks by default.
 */
int model_changed_row(const struct model *m, enum table tb);
/* Guest vCPUs (and so module CPUs) of the machine. */
unsigned model_vcpus(const struct model *m);
/* Watch w too (the run is scanned again to find its changes). 0, or -1 with err. */
int model_watch(struct model *m, const struct watch *w, char *err, size_t errlen);
/* Forget every watch. */
void model_unwatch(struct model *m);
/* The value of watch k at the cursor. */
void model_watch_value(const struct model *m, unsigned k, char *buf, size_t len);
/* The latest step at or before step `upto` that changed watch k (1-based), or 0: none. */
size_t model_watch_changed(const struct model *m, unsigned k, size_t upto);

/* --- branch.c ------------------------------------------------------------ */

struct branch {
	struct trace t;
	int parent;                   /* index of the branch it forked from, or -1 */
	size_t fork_at;               /* steps it shares with its parent */
	char what[96];                /* the step it took instead; with no parent, where it came from */
};

struct branches {
	struct branch **b;
	unsigned n, cur;
};

/* The first branch takes over *t (t is left empty). 0, or -1 out of memory. */
int branches_init(struct branches *bs, struct trace *t);
/*
 * A branch of its own (no parent) that takes over *t, `what` saying where
 * it came from. It becomes the current one. Its index, or -1 out of memory.
 */
int branches_add(struct branches *bs, struct trace *t, const char *what);
/*
 * A new branch: the first `at` steps of branch `from`, then st. It becomes
 * the current one. Returns its index, or -1 out of memory.
 */
int branches_fork(struct branches *bs, unsigned from, size_t at, const struct trace_step *st);
void branches_free(struct branches *bs);
static inline struct trace *branch_trace(struct branches *bs)
{
	return &bs->b[bs->cur]->t;
}

/* --- moves.c ------------------------------------------------------------- */

#define MOVES_MAX 128

/* Who makes a move: "n" at the end of a trace runs only MOVE_VCPU ones. */
enum move_kind {
	MOVE_VCPU,    /* a vCPU goes on: the module's next step, or the guest collects an answer */
	MOVE_GUEST,   /* the guest acts: its program's next step, a read or a write */
	MOVE_HV,      /* the hypervisor acts */
};

struct move {
	struct trace_step st;
	char label[96];
	enum move_kind kind;
};

/*
 * What may happen next at the cursor, every enabled move as SPIN's
 * interactive mode offers them: each module vCPU that can take a step,
 * each guest vCPU whose call has been answered, each guest vCPU's next
 * step in the trace, and, about a small scope of the pages the run works
 * on, the guest's reads and writes and the hypervisor's moves (nested
 * page table changes alone among them). Returns how many.
 */
unsigned model_moves_at(const struct model *m, struct move *out, unsigned max);

/* --- describe.c ---------------------------------------------------------- */

/* An event in a few words for a narrow column: "rmpadjust 0x20000 ok". */
void describe_event(const struct sim_event *ev, char *buf, size_t len);
/* A HAL call about to happen, with its call site: "pvalidate 0x20000  svsm/core/x.c:9". */
void describe_pending(const struct sim_event *ev, char *buf, size_t len);
/* The full line `svsmlab run --trace` prints for an event. */
void describe_event_line(const struct sim_event *ev, char *buf, size_t len);
/* A trace step in words: "hv map gpa=0x20000 spa=0x1000". */
void describe_step(const struct trace_step *st, char *buf, size_t len);
/* Bytes as a quoted string when printable, else hex. */
void describe_bytes(const uint8_t *b, size_t n, char *buf, size_t len);
/* What a guest read step (at the cursor) got: "the guest read at GPA 0x..: \"...\"". */
void describe_guest_read(const struct model *m, const struct trace_step *st, char *buf,
                         size_t len);
/* The row text of step i that a search looks at: its events, or the step if none. */
void describe_row(const struct model *m, size_t i, char *buf, size_t len);

/* --- text.c -------------------------------------------------------------- */

/* Every step, its events, the cells it changed and the checks that fired. */
void text_run(FILE *out, struct model *m);

#endif
