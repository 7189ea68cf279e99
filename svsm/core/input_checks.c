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

bool input_8_aligned(uint64_t gpa)
{
	return noted(INPUT_8_ALIGNED, gpa, 0, 0, 0, (gpa & 7) == 0);
}

/* A page list's header word: entries in bits 15:0, next in bits 31:16 (pagelist.h). */
static unsigned list_entries(uint64_t header)
{
	return (unsigned)(header & 0xffff);
}

static unsigned list_next(uint64_t header)
{
	return (unsigned)((header >> 16) & 0xffff);
}

/*
 * The header of a list at gpa: at least one entry, all of them in gpa's
 * page (past its end lies a page the guest did not hand over), and next
 * one of them. room is computed as pagelist.c always did, in 64 bits and
 * then cut to 32, so that specs/inputs.smt2 can say the same for every gpa.
 */
bool input_list_counts_ok(uint64_t header, uint64_t gpa)
{
	unsigned entries = list_entries(header), next = list_next(header);
	unsigned room = (unsigned)((PAGE_SIZE - (gpa & (PAGE_SIZE - 1)) - PVREQ_HEADER_SIZE) /
	                           PVREQ_ENTRY_SIZE);
	bool ok = entries != 0 && entries <= room && next < entries;
	return noted(INPUT_LIST_COUNTS_OK, header, gpa, 0, 0, ok);
}

/* Is entry next + k one of the list's? (k counts the entries done so far.) */
bool input_list_pending(uint64_t header, uint64_t k)
{
	return noted(INPUT_LIST_PENDING, header, k, 0, 0, list_next(header) + k < list_entries(header));
}

bool input_entry_reserved_clear(uint64_t entry)
{
	return noted(INPUT_ENTRY_RESERVED_CLEAR, entry, 0, 0, 0, (entry & PVENTRY_RESERVED) == 0);
}

bool input_entry_size_is(uint64_t entry, uint64_t size)
{
	return noted(INPUT_ENTRY_SIZE_IS, entry, size, 0, 0, PVENTRY_SIZE(entry) == size);
}

bool input_entry_flag(uint64_t entry, uint64_t flag)
{
	return noted(INPUT_ENTRY_FLAG, entry, flag, 0, 0, (entry & flag) != 0);
}

bool input_entry_plain_4k(uint64_t entry)
{
	return noted(INPUT_ENTRY_PLAIN_4K, entry, 0, 0, 0, (entry & (PAGE_SIZE - 1)) == 0);
}
