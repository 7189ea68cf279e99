/*
 * interleave.h: the rules of exploring interleavings, shared by the two
 * searches that explore them: `svsmlab check` (explorer/check/search.c)
 * and the lower layer of `svsmlab verify` (explorer/verify/paths.c).
 *
 *   footprint.c  what a move touches, and when two moves commute
 *   sleep.c      sleep sets (which moves are asleep after a move) and
 *                the preemption bound
 *   visited.c    the state cut: the states met before, with their budget
 *
 * The searches differ in what a move is carried out by (trace steps, or
 * a HAL call with an outcome Z3 chose) and in the order they try moves;
 * what makes two orders equivalent, and what counts against the bounds,
 * is decided here, once.
 */
#ifndef INTERLEAVE_H
#define INTERLEAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../machine/machine.h"

/*
 * Moves have small stable numbers, so that a set of moves is a 64-bit
 * mask: the module step of vCPU v, the next guest step of vCPU v, and the
 * hypervisor's moves after them (check's scope; verify has none, its
 * hypervisor is symbolic).
 */
#define MOVE_MODULE(v) (v)
#define MOVE_GUEST(v) (MACHINE_MAX_VCPUS + (v))
#define MOVE_HV(k) (2 * MACHINE_MAX_VCPUS + (k))
#define MOVE_MAX 64
typedef uint64_t moveset;
#define MOVE_BIT(id) ((moveset)1 << (id))
/* Both moves of vCPU v: its module's and its guest's. */
#define MOVES_OF_VCPU(v) (MOVE_BIT(MOVE_MODULE(v)) | MOVE_BIT(MOVE_GUEST(v)))

/* --- footprint.c --- */
#define FP_KEYS 8
enum {
	FP_LOCK = 1 << 0,        /* takes or releases the module's lock */
	FP_READS_SVSM = 1 << 1,  /* runs module code, which reads struct svsm */
	FP_WRITES_SVSM = 1 << 2, /* changed struct svsm */
	FP_EVERYTHING = 1 << 3,  /* touches more than we track: depends on every move */
};
/* The keys of the things a footprint names; page numbers fit below the kind. */
#define FP_KEY_PAGE(a) ((uint32_t)(((a) >> PAGE_SHIFT) & 0x0fffffffu))
#define FP_KEY_GPA(g) (0x10000000u | FP_KEY_PAGE(g))   /* NPT entry, owner, RMP entries claiming it */
#define FP_KEY_SPA(x) (0x20000000u | FP_KEY_PAGE(x))   /* RMP entry, bytes, label */
#define FP_KEY_VCPU(v) (0x30000000u | (uint32_t)(v))  /* a guest vCPU's state and program */
struct footprint {
	uint32_t key[FP_KEYS];
	unsigned n;
	unsigned flags;
};
/* Add a key; past FP_KEYS the footprint becomes FP_EVERYTHING. */
void footprint_add(struct footprint *f, uint32_t key);
bool footprint_dependent(const struct footprint *a, const struct footprint *b);

/* --- sleep.c --- */
/*
 * What a state of the search knows of the moves explored around it. It
 * keeps the footprints of at most SLEEP_MAX moves, in the order they came:
 * few moves are ever asleep or explored at one state (13 at most in the
 * catalog's scenarios), and a search's path is a few dozen of these, so
 * room for all MOVE_MAX made each sleep set 2.5 KiB, most of it never
 * touched. A move past SLEEP_MAX is not remembered, so not put to sleep:
 * the search then explores more orders, never fewer.
 */
#define SLEEP_MAX 24
struct sleep_set {
	moveset asleep;                  /* not to be tried here: an equivalent order was explored */
	moveset done;                    /* explored from here already */
	unsigned n;
	struct {
		int id;
		struct footprint fp;
	} kept[SLEEP_MAX];               /* the footprints of the moves in asleep and done */
};
/* A state where nothing sleeps and nothing is explored yet. */
void sleep_clear(struct sleep_set *n);
/*
 * The sleep set of the state move id (footprint fp) leads to from n:
 * what slept or was explored at n and commutes with id. fp is complete
 * only once the move is carried out, so this is called after it.
 */
void sleep_after(const struct sleep_set *n, int id, const struct footprint *fp,
                 struct sleep_set *child);
/* Move id (footprint fp) has been explored from n. */
void sleep_explored(struct sleep_set *n, int id, const struct footprint *fp);
/*
 * Does taking move id switch away from vCPU last (the vCPU whose move was
 * the last one, or -1) while it could go on (a move of it in enabled)?
 * That is a preemption. The hypervisor's moves never are.
 */
bool move_preempts(int last, moveset enabled, int id);
/* enabled without the moves that would preempt, once used preemptions reach bound. */
moveset moves_within_preemptions(int last, moveset enabled, unsigned used, unsigned bound);

/* --- visited.c --- */
struct budget {
	unsigned depth, hv, preemptions;     /* still allowed from a state */
};
struct visit {
	uint64_t key;
	moveset sleep;
	struct budget left;
};
struct visited {
	struct visit *slot;
	size_t cap, n;
};
enum visit_verdict { VISIT_NEW, VISIT_AGAIN, VISIT_PRUNE };
/*
 * Look a state up and record this visit. NEW and AGAIN: explore it, with
 * *sleep as its sleep set (AGAIN may shrink it). PRUNE: an earlier visit
 * with at least this budget explored everything this one would.
 */
enum visit_verdict visited_check(struct visited *v, uint64_t key, struct budget left,
                                 moveset *sleep);
void visited_free(struct visited *v);

#endif
