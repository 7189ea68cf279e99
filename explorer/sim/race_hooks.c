/*
 * race_hooks.c: what the compiler's -fsanitize=thread instrumentation of
 * the module calls, without ThreadSanitizer's run-time library.
 *
 * The simulator's build compiles svsm/ (and only svsm/) with
 * -fsanitize=thread: every load and store the module makes that the
 * compiler cannot prove local becomes a call of __tsan_readN or
 * __tsan_writeN with its address first. These hooks keep the ones that
 * land in the struct svsm being watched (race_running, set by the
 * simulator as each CPU's module code is about to run) and hand them to
 * the detector with the instruction's return address. Everything else,
 * the module's stack, its constant tables, and every access when nobody
 * watches, returns at once.
 *
 * The module is built with --param=tsan-instrument-func-entry-exit=0
 * (Makefile): the detector needs no call stacks, so the hooks of function
 * entry and exit are not called and not here. The ASan build leaves the
 * module uninstrumented (the two sanitizers cannot be combined), and
 * nothing calls these; race_instrumented() tells the two apart.
 */
#include <stdint.h>

#include "../ghost/race.h"

static bool instrumented;

bool race_instrumented(void)
{
	return instrumented;
}

static inline void hook(void *addr, size_t len, bool write, const void *pc)
{
	struct race *r = race_running;
	if (!r)
		return;
	uintptr_t off = (uintptr_t)addr - (uintptr_t)r->svsm;
	if (off < sizeof(struct svsm))
		race_svsm_access(r, race_running_cpu, off, len, write, pc);
}

/* The hooks are defined here and called only by instrumented code. */
#define HOOK(name, len, write) \
	void name(void *addr); \
	void name(void *addr) { hook(addr, len, write, __builtin_return_address(0)); }

HOOK(__tsan_read1, 1, false)
HOOK(__tsan_read2, 2, false)
HOOK(__tsan_read4, 4, false)
HOOK(__tsan_read8, 8, false)
HOOK(__tsan_read16, 16, false)
HOOK(__tsan_write1, 1, true)
HOOK(__tsan_write2, 2, true)
HOOK(__tsan_write4, 4, true)
HOOK(__tsan_write8, 8, true)
HOOK(__tsan_write16, 16, true)
HOOK(__tsan_unaligned_read2, 2, false)
HOOK(__tsan_unaligned_read4, 4, false)
HOOK(__tsan_unaligned_read8, 8, false)
HOOK(__tsan_unaligned_read16, 16, false)
HOOK(__tsan_unaligned_write2, 2, true)
HOOK(__tsan_unaligned_write4, 4, true)
HOOK(__tsan_unaligned_write8, 8, true)
HOOK(__tsan_unaligned_write16, 16, true)

/* A copy or fill the compiler turned into one access of a range. */
void __tsan_read_range(void *addr, size_t len);
void __tsan_read_range(void *addr, size_t len)
{
	if (len)
		hook(addr, len, false, __builtin_return_address(0));
}

void __tsan_write_range(void *addr, size_t len);
void __tsan_write_range(void *addr, size_t len)
{
	if (len)
		hook(addr, len, true, __builtin_return_address(0));
}

/*
 * The module's atomics (svsm.h: the activity word). Instrumented, the
 * compiler calls these instead of doing the operation, so they do it,
 * and give the detector the edge the memory order makes: an acquire
 * joins what the last release on the word published.
 */
enum { ORDER_RELAXED, ORDER_CONSUME, ORDER_ACQUIRE, ORDER_RELEASE, ORDER_ACQ_REL, ORDER_SEQ_CST };

static bool acquires(int order)
{
	return order != ORDER_RELAXED && order != ORDER_RELEASE;
}

static bool releases(int order)
{
	return order == ORDER_RELEASE || order == ORDER_ACQ_REL || order == ORDER_SEQ_CST;
}

/* The detector, if the word is in the struct svsm it watches. */
static struct race *watching(const volatile void *addr)
{
	struct race *r = race_running;
	if (r && (uintptr_t)addr - (uintptr_t)r->svsm < sizeof(struct svsm))
		return r;
	return NULL;
}

uint8_t __tsan_atomic8_load(const volatile uint8_t *a, int order);
uint8_t __tsan_atomic8_load(const volatile uint8_t *a, int order)
{
	uint8_t v = __atomic_load_n(a, __ATOMIC_SEQ_CST);
	struct race *r = watching(a);
	if (r && acquires(order))
		race_acquire(r, race_running_cpu, (const void *)a);
	return v;
}

void __tsan_atomic8_store(volatile uint8_t *a, uint8_t v, int order);
void __tsan_atomic8_store(volatile uint8_t *a, uint8_t v, int order)
{
	struct race *r = watching(a);
	if (r && releases(order))
		race_release(r, race_running_cpu, (const void *)a);
	__atomic_store_n(a, v, __ATOMIC_SEQ_CST);
}

int __tsan_atomic8_compare_exchange_strong(volatile uint8_t *a, uint8_t *expected, uint8_t v,
                                           int order, int fail_order);
int __tsan_atomic8_compare_exchange_strong(volatile uint8_t *a, uint8_t *expected, uint8_t v,
                                           int order, int fail_order)
{
	bool moved = __atomic_compare_exchange_n(a, expected, v, false, __ATOMIC_SEQ_CST,
	                                         __ATOMIC_SEQ_CST);
	struct race *r = watching(a);
	int o = moved ? order : fail_order;
	if (r && acquires(o))
		race_acquire(r, race_running_cpu, (const void *)a);
	if (r && moved && releases(o))
		race_release(r, race_running_cpu, (const void *)a);
	return moved;
}

/* Each instrumented object's constructor calls it. */
void __tsan_init(void);
void __tsan_init(void)
{
	instrumented = true;
}
