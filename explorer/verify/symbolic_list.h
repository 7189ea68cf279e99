/*
 * symbolic_list.h: a page list as input of the search of `svsmlab verify
 * --inputs symbolic` (symbolic.c): where the guest writes the words the
 * search chooses, what every question assumes of them, what a run of them
 * must show, and what the state an entry meets depends on (symbolic.h: the
 * words, SYM_LIST_PENDING, and how calls are attributed).
 */
#ifndef VERIFY_SYMBOLIC_LIST_H
#define VERIFY_SYMBOLIC_LIST_H

#include <z3.h>

#include "input_spec.h"
#include "symbolic.h"

/* A word of a list, as the guest writes it before the call. */
struct sym_list_word {
	uint64_t gpa;
	uint8_t bytes[8];
};

/*
 * Where the guest puts list inputs w (RCX, the header, then the entries
 * when nregs says they are read) with guest RAM [ram, past_ram): 0 to
 * SYM_MAX_INPUTS - 1 words in out.
 */
unsigned sym_list_words(const uint64_t *w, unsigned nregs, uint64_t ram, uint64_t past_ram,
                        struct sym_list_word out[SYM_MAX_INPUTS - 1]);
/*
 * What every question asserts of the list words (terms word[0..nregs)),
 * the caller's call_pending byte at pending.
 */
void sym_list_assert(struct input_spec *is, Z3_solver sol, const Z3_ast *word, unsigned nregs,
                     uint64_t pending);
/*
 * Which earlier entries of p named the page of the address a lookup heard
 * before entry `entry` asks about (addr; entry as struct sym_about says),
 * and with which low bits: the key under which the search learns what
 * the state answers there (symbolic.c). SYM_HISTORY_BITS wide; 0 when none did.
 */
#define SYM_HISTORY_FIELD 14
#define SYM_HISTORY_BITS (SYM_HISTORY_FIELD * SYM_LIST_PENDING)
uint64_t sym_list_history(const struct sym_path *p, int entry, uint64_t addr);
/* The same, over the symbolic words (word[] as sym_list_assert's, addr a term). */
Z3_ast sym_list_history_term(Z3_context c, const Z3_ast *word, int entry, Z3_ast addr);
/* Did every list and entry predicate of p hear the word the guest wrote? */
bool sym_list_read_as_written(const struct sym_path *p);
/* After a PVALIDATE run heard into p: a clause's question about each entry read, heard too. */
void sym_list_ask_as_the_spec(struct sym_path *p);

#endif
