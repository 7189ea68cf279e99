/*
 * symbolic.h: one run's path condition over the guest's inputs, for the
 * search of `svsmlab verify --inputs symbolic` (symbolic.c, which asks Z3
 * for inputs; symbolic_path.c, which records and compares paths;
 * symbolic_list.c, a page list as input).
 *
 * A handler's guest registers are RCX, RDX and R8, of which it takes the
 * first nregs (CREATE_VCPU all three, the others RCX). A
 * predicate call is attributed to a register by value: its first argument
 * is the register holding that value (the first, in the order RCX, RDX,
 * R8), or a constant of the module's state when none does; the second
 * argument of input_same_page likewise, among the other registers (CREATE_VCPU
 * compares its VMSA with its CAA). Two registers holding one value would
 * make that ambiguous, so the search is run once per tie pattern (which
 * registers are equal), and every input it asks for keeps its pattern's
 * equalities and inequalities: within a pattern, the registers a value
 * could be attributed to are equal, and any choice says the same.
 *
 * PVALIDATE's and DEPOSIT_MEM's inputs are a page list's: RCX, the list's
 * address, then the 8-byte header word at RCX and the entry words at
 * indices next, next+1, ... (a "list" path; the search bounds a list to
 * SYM_LIST_PENDING pending entries, symbolic_list.h); WITHDRAW_MEM's are
 * RCX and the header alone. Their calls are attributed by role, not by
 * value: the list predicates' first argument is the header, the entry
 * predicates' the entry the loop is at (input_list_pending(header, k)
 * answered yes: entry k), and any other call is about RCX until the first
 * entry predicate, and about the page of the entry last checked (the entry
 * with bits 11:0 cleared) after it. So no ties of value need patterns
 * there. What the module does not ask but the hardware and the module's
 * state decide on is whether an entry's page is the list's (rescinding it
 * makes the write of `next` fault) or an earlier entry's (the state that
 * entry left): before an entry's first predicate the search adds those
 * questions itself (input_same_page, "ours"), so the path splits on them
 * where, and only where, an entry is read.
 */
#ifndef VERIFY_SYMBOLIC_H
#define VERIFY_SYMBOLIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../svsm/core/input_checks.h"

#define SYM_MAX_NOTES 64       /* predicate calls and lookups of one run */
#define SYM_MAX_REGS 3         /* RCX, RDX, R8 */
/*
 * The most entries a searched list has pending (entries - next): every
 * entry up to it is chosen by Z3, the later ones decided in the state the
 * earlier left (symbolic_list.h).
 */
#define SYM_LIST_PENDING 2
#define SYM_MAX_INPUTS (2 + SYM_LIST_PENDING)   /* RCX, header, the entries; or the registers */
#define SYM_ENTRY_WORD(k) (2 + (k))                 /* a list's entry k (at index next + k) */
#define SYM_ENTRY_PAGE(k) (SYM_MAX_INPUTS + (k))    /* its page, as sym_arg_reg says */
#define SYM_MAX_TERMS (SYM_MAX_INPUTS + SYM_LIST_PENDING)

/* Who a heard call is about, decided as it is heard (symbolic_path.c). */
struct sym_about {
	int8_t arg[2];                /* the input its first two arguments are, or -1: a constant */
	int8_t entry;                 /* a list's entry last checked before it, or -1 */
	bool ours;                    /* asked by the search, not by the module */
};

struct sym_path {
	struct input_note n[SYM_MAX_NOTES];
	struct sym_about about[SYM_MAX_NOTES];
	unsigned len;
	unsigned asked;               /* n[0..asked) the module's; the rest a clause's (symbolic.c) */
	uint64_t reg[SYM_MAX_INPUTS]; /* the run's registers, RCX first; or a list's words */
	unsigned nregs;               /* how many the handler takes */
	bool list;                    /* the inputs are RCX and its page list's words */
	unsigned tie;                 /* its tie pattern (symbolic.c) */
	int stage;                    /* a list's entry the loop is at (input_list_pending), or -1 */
	int entry;                    /* the entry last checked, or -1 */
	bool overflow;                /* more than SYM_MAX_NOTES */
};

/* Input r's name: "rcx", "rdx", "r8"; of a list, "rcx", "header", "entry", "entry+1"; or an entry's page's. */
const char *sym_reg_name(bool list, unsigned r);
/* Ready p to hear a run on inputs reg (nregs of them; a list's words if list). */
void sym_path_start(struct sym_path *p, const uint64_t *reg, unsigned nregs, bool list,
                    unsigned tie);
/* The input_observer that records a run's calls into its struct sym_path. */
void sym_hear(void *ctx, const struct input_note *n);
/* A list path's call n is about the header (1), the entry (2), or RCX or the entry's page (-1). */
int sym_list_role(const struct input_note *n);
/* The input argument a of n is attributed to (or SYM_ENTRY_PAGE(k)), or -1: a constant. */
int sym_arg_reg(const struct sym_path *p, const struct input_note *n, unsigned a);
/* The i-th calls of p and q alike: the same question (same registers, or values), one answer. */
bool sym_same_note(const struct sym_path *p, const struct sym_path *q, unsigned i);
/* p's first n calls are q's, in one tie pattern. */
bool sym_same_prefix(const struct sym_path *p, const struct sym_path *q, unsigned n);
/* "0x21000,0x8000,0x1": nregs registers, in buf; the length written (as snprintf). */
size_t sym_regs_text(const uint64_t *reg, unsigned nregs, char *buf, size_t len);
/* "0x1001: misaligned": the path as its case's title (registers, then what was decided). */
void sym_title(const struct sym_path *p, char *buf, size_t len);

#endif
