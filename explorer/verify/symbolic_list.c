/*
 * symbolic_list.c: a page list as the search's input (see symbolic_list.h).
 */
#include "symbolic_list.h"
#include "../../svsm/abi.h"
#include "../../svsm/lib/mem.h"

/*
 * The header at RCX, the entry at index next when that lies in RCX's page
 * (else the module never reads it). Only in guest RAM, at an 8-byte
 * boundary: the module reads no list elsewhere.
 */
unsigned sym_list_words(const uint64_t *w, unsigned nregs, uint64_t ram, uint64_t past_ram,
                        struct sym_list_word out[2])
{
	uint64_t rcx = w[0], next = (w[1] >> 16) & 0xffff;
	if (rcx < ram || rcx >= past_ram || (rcx & 7))
		return 0;
	out[0].gpa = rcx;
	store_le64(out[0].bytes, w[1]);
	uint64_t slot = rcx + PVREQ_HEADER_SIZE + next * PVREQ_ENTRY_SIZE;
	if (nregs < SYM_MAX_REGS || slot >> PAGE_SHIFT != rcx >> PAGE_SHIFT)
		return 1;
	out[1].gpa = slot;
	store_le64(out[1].bytes, w[2]);
	return 2;
}

static Z3_ast bv(Z3_context c, unsigned bits, uint64_t v)
{
	return Z3_mk_unsigned_int64(c, v, Z3_mk_bv_sort(c, bits));
}

/*
 * The header is not on the caller's call_pending byte: the call itself
 * sets that byte, so the module would read another header than the one
 * chosen (docs/verify.md, assumption 8). With an entry: two patterns, the
 * entry's page is the list's (0) or not (1), the one relation of the
 * words the hardware decides on (assumption 7); and at most
 * SYM_LIST_PENDING entries pending (assumption 6).
 */
void sym_list_assert(struct input_spec *is, Z3_solver sol, const Z3_ast *word, unsigned nregs,
                     unsigned t, uint64_t pending)
{
	Z3_context c = is->ctx;
	Z3_solver_assert(c, sol, Z3_mk_not(c, Z3_mk_eq(c, Z3_mk_extract(c, 63, 3, word[0]),
	                                                  bv(c, 61, pending >> 3))));
	if (nregs < SYM_MAX_REGS)
		return;
	Z3_ast same = Z3_mk_eq(c, Z3_mk_extract(c, 63, PAGE_SHIFT, word[0]),
	                       Z3_mk_extract(c, 63, PAGE_SHIFT, word[2]));
	Z3_solver_assert(c, sol, t == 0 ? same : Z3_mk_not(c, same));
	Z3_ast past[INPUT_CHECK_ARGS] = { word[1], bv(c, 64, SYM_LIST_PENDING), bv(c, 64, 0),
	                                  bv(c, 64, 0) };
	Z3_solver_assert(c, sol, Z3_mk_not(c, input_spec_apply(is, INPUT_LIST_PENDING, past)));
}

/*
 * Else a call would be taken for a constant's: its value came from
 * elsewhere (the call's own call_pending byte, say).
 */
bool sym_list_read_as_written(const struct sym_path *p)
{
	for (unsigned i = 0; i < p->len; i++) {
		const struct input_note *n = &p->n[i];
		if (sym_list_role(n) >= 0 && sym_arg_reg(p, n, 0) < 0)
			return false;
	}
	return true;
}

/*
 * The question about the entry that a clause asks whether the module asks
 * it or not (pvalidate-rejects-reserved: SUCCESS only with reserved bits
 * 11:4 clear), heard after a run that read the entry. The correct module
 * asked it first, so it answers alike and splits nothing; a module that
 * skips the check (catalog bug 8) gets a region of entries with reserved
 * bits set, and that region's case meets the clause.
 */
void sym_list_ask_as_the_spec(const struct sym_path *p)
{
	for (unsigned i = 0; i < p->len; i++)
		if (sym_list_role(&p->n[i]) == 2) {
			input_entry_reserved_clear(p->reg[2]);
			return;
		}
}
