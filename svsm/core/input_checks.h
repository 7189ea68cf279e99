/*
 * input_checks.h: the module's checks of values the guest chose, as pure
 * predicates.
 *
 * Each predicate decides one question about a guest value (always the
 * first argument) and the module's own constants (the others; input_same_page's
 * second may be a guest value too: CREATE_VCPU's VMSA against its CAA, and
 * so is input_list_counts_ok's: the list's address): nothing else, no HAL,
 * no module state. A predicate takes the guest's value whole (input_apic_id_is
 * takes R8, not its low half; the list predicates take the 8-byte header
 * word, the entry predicates the 8-byte entry), so that the verifier can
 * tell by value which input a call is about. specs/inputs.smt2 defines each again, by
 * the same name with dashes (input_page_aligned is input-page-aligned),
 * and tests/unit/test_conformance_inputs.c holds the two to agreeing on
 * every boundary. Where every decision of a handler on a guest register
 * is one of these calls (the handlers docs/verify.md lists under
 * "Symbolic inputs"), the verifier can record them (the observer below)
 * and ask Z3 for a guest value that decides one of them the other way:
 * `svsmlab verify --inputs symbolic`.
 *
 * Whether an address is a registered VMSA is input_same_page against
 * each registered page, so it is heard as predicates. The other questions
 * of the module's state about an address (was its page validated, is it
 * in the pool, how many vCPUs use it as their CAA) are lookups: not pure,
 * so specs/ cannot define them, but heard the same way
 * (input_lookup_heard); the verifier treats each as an unknown function
 * of the page, which it learns from the runs it makes.
 */
#ifndef SVSM_CORE_INPUT_CHECKS_H
#define SVSM_CORE_INPUT_CHECKS_H

#include <stdbool.h>
#include <stdint.h>

enum input_check {
	INPUT_PAGE_ALIGNED,          /* (gpa): a 4K boundary */
	INPUT_WITHIN,                /* (gpa, len, base, size): [gpa, gpa+len) in [base, base+size) */
	INPUT_PROTOCOL_SUPPORTED,    /* (rcx): QUERY_PROTOCOL names what the module implements */
	INPUT_VTOM_QUERY,            /* (rcx): CONFIGURE_VTOM asks, rather than sets */
	INPUT_SAME_PAGE,             /* (gpa, other): one 4K page */
	INPUT_2M_ALIGNED,            /* (gpa): a 2M boundary */
	INPUT_APIC_ID_IS,            /* (r8, id): R8[31:0] is the APIC ID id */
	INPUT_8_ALIGNED,             /* (gpa): an 8-byte boundary (a page list's header) */
	INPUT_LIST_COUNTS_OK,        /* (header, gpa): entries and next fit a list at gpa */
	INPUT_LIST_PENDING,          /* (header, k): the list has a k-th entry from next on */
	INPUT_ENTRY_RESERVED_CLEAR,  /* (entry): a PVALIDATE entry's bits 11:4 are clear */
	INPUT_ENTRY_SIZE_IS,         /* (entry, size): its bits 1:0 are size */
	INPUT_ENTRY_FLAG,            /* (entry, flag): its bit flag is set (validate, ignore_cf) */
	INPUT_ENTRY_PLAIN_4K,        /* (entry): bits 11:0 clear (DEPOSIT_MEM's 4K, no flags) */
	INPUT_CHECK_COUNT
};
#define INPUT_CHECK_ARGS 4

/* The lookups of module state by a guest address (pages.c, registry.c). */
enum input_lookup {
	LOOKUP_VALIDATED,            /* validated_in(gpa, len): an enum coverage */
	LOOKUP_POOL,                 /* in_pool(gpa) */
	LOOKUP_CAA_USERS,            /* caa_users(gpa): vCPUs whose Calling Area it is */
	LOOKUP_READABLE,             /* the module's read of a page list at gpa did not fault */
	INPUT_LOOKUP_COUNT
};

bool input_page_aligned(uint64_t gpa);
bool input_within(uint64_t gpa, uint64_t len, uint64_t base, uint64_t size);
bool input_protocol_supported(uint64_t rcx);
bool input_vtom_query(uint64_t rcx);
bool input_same_page(uint64_t gpa, uint64_t other);
bool input_2m_aligned(uint64_t gpa);
bool input_apic_id_is(uint64_t r8, uint32_t id);
bool input_8_aligned(uint64_t gpa);
bool input_list_counts_ok(uint64_t header, uint64_t gpa);
bool input_list_pending(uint64_t header, uint64_t k);
bool input_entry_reserved_clear(uint64_t entry);
bool input_entry_size_is(uint64_t entry, uint64_t size);
bool input_entry_flag(uint64_t entry, uint64_t flag);
bool input_entry_plain_4k(uint64_t entry);

/*
 * One predicate call or lookup: which, its arguments (unused ones 0; a
 * lookup's are gpa and len), its result (a predicate's is 0 or 1).
 */
struct input_note {
	bool lookup;                 /* which is an enum input_lookup, else an enum input_check */
	unsigned which;
	uint64_t arg[INPUT_CHECK_ARGS];
	unsigned result;
};

/*
 * Who hears of every predicate call, or NULL (the default, and always on
 * hardware). The simulator's verifier sets it for a plain run; the
 * predicates stay pure, since hearing changes nothing they return.
 */
typedef void input_observer(void *ctx, const struct input_note *n);
void input_checks_observe(input_observer *fn, void *ctx);
/* A lookup of module state by a guest address, and what it answered: heard, then returned. */
unsigned input_lookup_heard(enum input_lookup which, uint64_t gpa, uint64_t len, unsigned value);

#endif
