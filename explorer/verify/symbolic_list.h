/*
 * symbolic_list.h: a page list as input of the search of `svsmlab verify
 * --inputs symbolic` (symbolic.c): where the guest writes the words the
 * search chooses, what every question assumes of them, and what a run of
 * them must show (symbolic.h: the words and how calls are attributed).
 */
#ifndef VERIFY_SYMBOLIC_LIST_H
#define VERIFY_SYMBOLIC_LIST_H

#include <z3.h>

#include "input_spec.h"
#include "symbolic.h"

/*
 * The most entries a searched list has pending (entries - next): a second
 * entry is decided in the state the first one left, which the lookups,
 * functions of the booted machine's pages, cannot stand for.
 */
#define SYM_LIST_PENDING 1

/* A word of a list, as the guest writes it before the call. */
struct sym_list_word {
	uint64_t gpa;
	uint8_t bytes[8];
};

/*
 * Where the guest puts list inputs w (RCX, the header, the entry when
 * nregs is SYM_MAX_REGS) with guest RAM [ram, past_ram): 0 to 2 words in out.
 */
unsigned sym_list_words(const uint64_t *w, unsigned nregs, uint64_t ram, uint64_t past_ram,
                        struct sym_list_word out[2]);
/*
 * What every question of tie pattern t asserts of the list words (terms
 * word[0..nregs), word[SYM_ENTRY_PAGE] the entry's page), the caller's
 * call_pending byte at pending.
 */
void sym_list_assert(struct input_spec *is, Z3_solver sol, const Z3_ast *word, unsigned nregs,
                     unsigned t, uint64_t pending);
/* Did every list and entry predicate of p hear the word the guest wrote? */
bool sym_list_read_as_written(const struct sym_path *p);
/* After a PVALIDATE run heard into p: a clause's question about its entry, heard too. */
void sym_list_ask_as_the_spec(const struct sym_path *p);

#endif
