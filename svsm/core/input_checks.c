/*
 * input_checks.c: the pure predicates the handlers decide guest values by
 * (see input_checks.h), and the one place they are heard from.
 */
#include "input_checks.h"
#include "../abi.h"

static input_observer *observer;
static void *observer_ctx;

void input_checks_observe(input_observer *fn, void *ctx)
{
	observer = fn;
	observer_ctx = ctx;
}

static unsigned heard(bool lookup, unsigned which, uint64_t a0, uint64_t a1, uint64_t a2,
                      uint64_t a3, unsigned result)
{
	if (observer) {
		struct input_note n = { lookup, which, { a0, a1, a2, a3 }, result };
		observer(observer_ctx, &n);
	}
	return result;
}

static bool noted(enum input_check check, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  bool result)
{
	return heard(false, check, a0, a1, a2, a3, result);
}

unsigned input_lookup_heard(enum input_lookup which, uint64_t gpa, uint64_t len, unsigned value)
{
	return heard(true, which, gpa, len, 0, 0, value);
}

bool input_page_aligned(uint64_t gpa)
{
	return noted(INPUT_PAGE_ALIGNED, gpa, 0, 0, 0, PAGE_ALIGNED(gpa));
}

/*
 * Written as "offset within the region, and the length fits in what is
 * left", never as "gpa + len <= base + size": the guest chooses gpa, and
 * gpa + len may wrap around 2^64 and pass a naive check.
 */
bool input_within(uint64_t gpa, uint64_t len, uint64_t base, uint64_t size)
{
	bool in = gpa >= base && gpa - base < size && len <= size - (gpa - base);
	return noted(INPUT_WITHIN, gpa, len, base, size, in);
}

/* RCX = protocol << 32 | version; the module implements core protocol version 1 only. */
bool input_protocol_supported(uint64_t rcx)
{
	bool yes = (uint32_t)(rcx >> 32) == SVSM_PROTO_CORE && (uint32_t)rcx == SVSM_CORE_VERSION;
	return noted(INPUT_PROTOCOL_SUPPORTED, rcx, 0, 0, 0, yes);
}

/* RCX bit 0 set: a query of the vTOM settings supported. */
bool input_vtom_query(uint64_t rcx)
{
	return noted(INPUT_VTOM_QUERY, rcx, 0, 0, 0, (rcx & 1) != 0);
}

bool input_same_page(uint64_t gpa, uint64_t other)
{
	return noted(INPUT_SAME_PAGE, gpa, other, 0, 0, (gpa >> PAGE_SHIFT) == (other >> PAGE_SHIFT));
}

bool input_2m_aligned(uint64_t gpa)
{
	return noted(INPUT_2M_ALIGNED, gpa, 0, 0, 0, (gpa & (PAGE_SIZE_2M - 1)) == 0);
}

/* CREATE_VCPU names the CPU by R8[31:0]; the upper half is ignored. */
bool input_apic_id_is(uint64_t r8, uint32_t id)
{
	return noted(INPUT_APIC_ID_IS, r8, id, 0, 0, (uint32_t)r8 == id);
}
