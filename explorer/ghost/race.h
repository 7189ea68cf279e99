/*
 * race.h: the data-race check of the module's shared state.
 *
 * Two vCPUs run the module at once. What they share is struct svsm and
 * guest memory; the module orders its accesses to them with sv->lock
 * (and a call that ended happens before a call that starts later: the
 * guest, or the hypervisor starting a vCPU, stands between them). Two
 * accesses to the same 8-byte word, by different vCPUs, at least one a
 * write, that nothing orders are a data race: on hardware their order,
 * and so what the module computes, is anyone's.
 *
 * The detector is happens-before with vector clocks (as ThreadSanitizer,
 * and Flanagan and Freund's FastTrack, which keeps one epoch for a write):
 *   - each vCPU v has a clock vector clock[v]; its own entry counts its
 *     releases;
 *   - a lock release stores the releaser's vector in the lock and ticks
 *     its own entry; an acquire joins the lock's vector into the taker's;
 *     an atomic with a release or acquire order does the same on its word;
 *   - the end of a call releases into a vector of the world outside the
 *     module, which the start of every later call acquires;
 *   - each shadow cell (one per 8-byte word) remembers the last write
 *     (its vCPU, that vCPU's clock then, where) and, per vCPU, its last
 *     read since. An access by v races with an earlier one by u != v when
 *     that one's clock is past clock[v][u]: v has not seen it.
 *
 * Accesses to struct svsm come from the compiler (the module's objects
 * are built with -fsanitize=thread, whose hooks are explorer/sim/
 * race_hooks.c) with the instruction's return address as the site; those
 * to guest memory from the HAL calls (explorer/sim/hal_sim.c), with the
 * call's own site. Both sites are turned into file:line when a race is
 * reported (race_where.c), not before.
 */
#ifndef GHOST_RACE_H
#define GHOST_RACE_H

#include "ghost.h"
#include "../../svsm/svsm.h"

#define RACE_VCPUS SVSM_MAX_VCPUS
#define RACE_SVSM_CELLS ((sizeof(struct svsm) + 7) / 8)
#define RACE_GUEST_CELLS 4096      /* guest words one execution may touch; a power of two */
#define RACE_GUEST_PAGES 256       /* guest pages one execution may touch; a power of two */
#define RACE_LOCKS (1 + RACE_VCPUS)   /* sv->lock, and each vCPU's activity word */

/* Where an access was made: an instruction of the module, or a HAL call. */
struct race_site {
	const void *pc;            /* the instruction's return address, or NULL */
	struct hal_site hal;       /* the HAL call, when pc is NULL */
};

/* One vCPU's last access of one kind to a word: its bytes (a bit each), clock, site. */
struct race_access {
	uint8_t bytes;             /* 0: none */
	uint32_t clock;
	struct race_site site;
};

/*
 * The shadow of one 8-byte word: each vCPU's last write and last read of
 * it. An access keeps which of the word's bytes it touched: vcpus[i].used
 * and .activity share a word, and a write of one does not race with a
 * read of the other. A write takes its bytes out of every earlier access
 * (an access that races with those would race with this write, or be
 * ordered after both), as FastTrack forgets the reads a write follows.
 */
struct race_cell {
	uint32_t gen;              /* the detector's generation it was last used in; older is empty */
	uint32_t whole;            /* guest cells: its page's whole writes, when last used */
	uint64_t word;             /* guest cells: the GPA's word (gpa >> 3) */
	uint8_t cpus;              /* the vCPUs whose slots below hold something (a bit each) */
	struct race_access write[RACE_VCPUS], read[RACE_VCPUS];
};

/*
 * A guest page: which vCPUs touched any word of it since the reset and the
 * clock of each one's latest access, which words' cells changed since its
 * last whole write, and that write. A write of the whole page (the module
 * zeroes a page before it grants it) leaves each of its 512 cells the
 * same: written whole by that vCPU, at its clock then, from that site, and
 * nothing else. The page keeps that once; a cell older than it is brought
 * up to it when next touched (race.c, catch_up). Only the words changed
 * since the last whole write can meet the next one, so only those are
 * checked one by one (none, when every access to the page is ordered
 * before it).
 */
#define RACE_PAGE_WORDS (PAGE_SIZE / 8)
struct race_page {
	uint32_t gen;              /* as a cell's */
	uint32_t whole;            /* whole writes so far: a cell that saw fewer is out of date */
	uint64_t page;             /* gpa >> PAGE_SHIFT */
	uint8_t cpus;              /* the vCPUs that touched a word of it (a bit each) */
	uint32_t last[RACE_VCPUS]; /* of each, the clock of its latest access to it */
	uint64_t touched[RACE_PAGE_WORDS / 64];   /* words changed since the whole write */
	uint8_t writer;            /* of the last whole write, and that write: */
	struct race_access write;
};

struct race {
	const void *svsm;          /* the struct svsm watched */
	uint32_t gen;              /* bumped at every reset: every cell empties */
	uint32_t clock[RACE_VCPUS][RACE_VCPUS];
	uint32_t world[RACE_VCPUS];
	struct {
		const void *lock;
		uint32_t clock[RACE_VCPUS];
	} locks[RACE_LOCKS];
	unsigned nlocks;
	struct race_cell svsm_cells[RACE_SVSM_CELLS];
	struct race_cell *guest_cells;   /* RACE_GUEST_CELLS, open addressing */
	struct race_page *guest_pages;   /* RACE_GUEST_PAGES, open addressing */
	bool guest_full;           /* more guest words than cells: the rest go unwatched */
	struct record *rec;        /* where races are reported */
	/*
	 * Races are reported as violations of no-data-race, unless hold is
	 * set: then they are only counted in held (which race_reset leaves
	 * alone), and the record sees nothing. check and verify search with
	 * hold set, so that a race never hides a clause the same execution
	 * breaks later, and search again with it clear only when the first
	 * search broke no clause and held a race (docs/races.md).
	 */
	bool hold;
	unsigned long held;
};

/*
 * Clauses first, races second: after a search with hold set, is a second
 * one with races reported due? Only when the first was complete, broke no
 * clause and held a race.
 */
static inline bool race_search_again(bool complete, bool broke_clause, unsigned long held)
{
	return complete && !broke_clause && held > 0;
}

/* Watch sv (0 when out of memory); reports go to rec. */
int race_init(struct race *r, const struct svsm *sv, struct record *rec);
void race_free(struct race *r);
/* Forget every access and clock: no call is in flight, so all before is ordered. */
void race_reset(struct race *r);

/* Edges of happens-before. */
void race_acquire(struct race *r, unsigned cpu, const void *lock);
void race_release(struct race *r, unsigned cpu, const void *lock);
void race_call_begin(struct race *r, unsigned cpu);
void race_call_end(struct race *r, unsigned cpu);

/* An access of len bytes at offset off of struct svsm, by an instruction of the module. */
void race_svsm_access(struct race *r, unsigned cpu, size_t off, size_t len, bool write,
                      const void *pc);
/* An access of a HAL call to guest memory. */
void race_guest_access(struct race *r, unsigned cpu, uint64_t gpa, size_t len, bool write,
                       struct hal_site site);

/*
 * The clause's C half (specs/contracts.smt2, no-data-race): an earlier
 * access by earlier_cpu at its clock earlier_clock, and a later one by
 * cpu, which has seen earlier_cpu's clock up to seen, are ordered, or
 * harmless because both read.
 */
bool clause_no_data_race(uint32_t earlier_cpu, uint32_t earlier_clock, uint32_t cpu,
                         uint32_t seen, bool both_read);

/* A site as file and line (the module's instruction looked up); false if unknown. */
bool race_where(const struct race_site *s, const char **file, int *line);
/* Which field of struct svsm offset off is, e.g. "vcpus[1].caa_gpa". */
void race_field_name(size_t off, char *buf, size_t n);

/*
 * The detector the module's instructions report to now, and the CPU
 * running it: the simulator sets them whenever a CPU's module code is
 * about to run (race_hooks.c reads them). NULL: nobody watches.
 */
extern struct race *race_running;
extern unsigned race_running_cpu;
static inline void race_run(struct race *r, unsigned cpu)
{
	race_running = r;
	race_running_cpu = cpu;
}
/* Have the module's objects been instrumented (has their constructor called __tsan_init)? */
bool race_instrumented(void);

#endif
