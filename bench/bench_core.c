/*
 * bench_core.c: how fast the simulator runs the module.
 *
 * Each row runs one operation for about a second of wall-clock time and
 * prints operations per second. Figures, not pass/fail: `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "explorer/guest/guest.h"

#define PAGE_A  0x20000ull
#define REQ_GPA 0x9000ull
#define SECONDS 1.0

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs op in batches until SECONDS have passed; prints one table row. */
static void row(const char *name, void (*op)(struct sim *s, unsigned i), struct sim *s)
{
	unsigned long n = 0;
	double start = now(), t;
	do {
		for (unsigned i = 0; i < 100; i++)
			op(s, (unsigned)(n + i));
		n += 100;
		t = now() - start;
	} while (t < SECONDS);
	printf("| %-44s | %10lu | %6.2f | %12.0f |\n", name, n, t, (double)n / t);
}

/* Rescind, then validate, the same page: every call does real work. */
static void pvalidate_4k(struct sim *s, unsigned i)
{
	uint64_t e = PVENTRY(PAGE_A, PSIZE_4K, i % 2 == 1, false);
	uint32_t rc;
	unsigned next;
	if (guest_pvalidate(s, 0, REQ_GPA, &e, 1, &rc, &next) != 0 || rc != SVSM_SUCCESS) {
		fprintf(stderr, "bench: PVALIDATE failed (0x%x)\n", rc);
		exit(1);
	}
}

static void query_protocol(struct sim *s, unsigned i)
{
	(void)i;
	struct guest_args in = { .rcx = 1ull << 32 | 1 };
	struct guest_result out;
	if (guest_call(s, 0, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, &in, &out) != 0 ||
	    out.rax != SVSM_SUCCESS) {
		fprintf(stderr, "bench: QUERY_PROTOCOL failed\n");
		exit(1);
	}
}

static struct sim_snapshot snap;

static void snapshot_restore(struct sim *s, unsigned i)
{
	(void)i;
	if (sim_snapshot(s, &snap) != 0) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
	sim_restore(s, &snap);
	sim_snapshot_free(&snap);
}

/* Where the hashes go, so the compiler cannot drop the work. */
volatile uint64_t hash_sink;

static void state_hash(struct sim *s, unsigned i)
{
	(void)i;
	hash_sink = sim_hash(s);
}

int main(void)
{
	static struct sim s;
	const char *why = NULL;
	struct sim_config cfg = { 0 };
	if (sim_create(&s, &cfg, &why) != 0) {
		fprintf(stderr, "bench: %s\n", why);
		return 1;
	}
	printf("| %-44s | %10s | %6s | %12s |\n", "simulator, 64 pages, 1 vCPU", "ops", "s", "ops/s");
	printf("|%s|%s|%s|%s|\n", "----------------------------------------------",
	       "------------", "--------", "--------------");
	row("core PVALIDATE call, one 4K page", pvalidate_4k, &s);
	row("core QUERY_PROTOCOL call", query_protocol, &s);
	row("whole-machine snapshot + restore", snapshot_restore, &s);
	row("state hash", state_hash, &s);
	sim_destroy(&s);
	return 0;
}
