/*
 * symbolic_list.c: a page list as the search's input (see symbolic_list.h).
 */
#include "symbolic_list.h"
#include "../../svsm/abi.h"
#include "../../svsm/lib/mem.h"

/*
 * The header at RCX, each entry at index next + k when that lies in RCX's
 * page (else the module never reads it). Only in guest RAM, at an 8-byte
 * boundary: the module reads no list elsewhere.
 */
unsigned sym_list_words(const uint64_t *w, unsigned nregs, uint64_t ram, uint64_t past_ram,
                        struct sym_list_word out[SYM_MAX_INPUTS - 1])
{
	uint64_t rcx = w[0], next = (w[1] >> 16) & 0xffff;
	if (rcx < ram || rcx >= past_ram || (rcx & 7))
		return 0;
	out[0].gpa = rcx;
	store_le64(out[0].bytes, w[1]);
	unsigned n = 1;
	for (unsigned k = 0; SYM_ENTRY_WORD(k) < nregs; k++) {
		uint64_t slot = rcx + PVREQ_HEADER_SIZE + (next + k) * PVREQ_ENTRY_SIZE;
		if (slot >> PAGE_SHIFT != rcx >> PAGE_SHIFT)
			break;
		out[n].gpa = slot;
		store_le64(out[n++].bytes, w[SYM_ENTRY_WORD(k)]);
	}
	return n;
}

static Z3_ast bv(Z3_context c, unsigned bits, uint64_t v)
{
	return Z3_mk_unsigned_int64(c, v, Z3_mk_bv_sort(c, bits));
}

/*
 * The header is not on the caller's call_pending byte: the call itself
 * sets that byte, so the module would read another header than the one
 * chosen (docs/verify.md, assumption 8). With entries: at most as many
 * pending as there are entry words (up to SYM_LIST_PENDING, --batch;
 * assumption 6).
 */
void sym_list_assert(struct input_spec *is, Z3_solver sol, const Z3_ast *word, unsigned nregs,
                     uint64_t pending)
{
	Z3_context c = is->ctx;
	Z3_solver_assert(c, sol, Z3_mk_not(c, Z3_mk_eq(c, Z3_mk_extract(c, 63, 3, word[0]),
	                                                  bv(c, 61, pending >> 3))));
	if (nregs <= SYM_ENTRY_WORD(0))
		return;
	Z3_ast past[INPUT_CHECK_ARGS] = { word[1], bv(c, 64, nregs - SYM_ENTRY_WORD(0)),
	                                  bv(c, 64, 0), bv(c, 64, 0) };
	Z3_solver_assert(c, sol, Z3_mk_not(c, input_spec_apply(is, INPUT_LIST_PENDING, past)));
}

/*
 * An earlier entry j leaves its page in a state that depends on what it
 * asked for (its bits 11:0: size, validate, ignore_cf) and on whether it
 * was the list's own page: field j of the key is those, with a bit that
 * says it named addr's page at all (else 0, the start state's).
 */
uint64_t sym_list_history(const struct sym_path *p, int entry, uint64_t addr)
{
	uint64_t key = 0;
	for (int j = 0; j < entry && j < SYM_LIST_PENDING; j++) {
		uint64_t e = p->reg[SYM_ENTRY_WORD(j)];
		if (e >> PAGE_SHIFT != addr >> PAGE_SHIFT)
			continue;
		uint64_t own = e >> PAGE_SHIFT == p->reg[0] >> PAGE_SHIFT;
		key |= ((uint64_t)1 << 13 | own << 12 | (e & (PAGE_SIZE - 1))) << (SYM_HISTORY_FIELD * j);
	}
	return key;
}

static Z3_ast page_of(Z3_context c, Z3_ast a)
{
	return Z3_mk_extract(c, 63, PAGE_SHIFT, a);
}

Z3_ast sym_list_history_term(Z3_context c, const Z3_ast *word, int entry, Z3_ast addr)
{
	Z3_ast key = NULL;
	for (int j = 0; j < SYM_LIST_PENDING; j++) {
		Z3_ast field = bv(c, SYM_HISTORY_FIELD, 0);
		if (j < entry) {
			Z3_ast e = word[SYM_ENTRY_WORD(j)];
			Z3_ast own = Z3_mk_ite(c, Z3_mk_eq(c, page_of(c, e), page_of(c, word[0])), bv(c, 1, 1),
			                       bv(c, 1, 0));
			Z3_ast named = Z3_mk_concat(c, bv(c, 1, 1),
			                            Z3_mk_concat(c, own, Z3_mk_extract(c, 11, 0, e)));
			field = Z3_mk_ite(c, Z3_mk_eq(c, page_of(c, e), page_of(c, addr)), named, field);
		}
		key = key ? Z3_mk_concat(c, field, key) : field;
	}
	return key;
}

/*
 * Else a call would be taken for a constant's: its value came from
 * elsewhere (the call's own call_pending byte, say, or an entry other than
 * the one the loop is at).
 */
bool sym_list_read_as_written(const struct sym_path *p)
{
	for (unsigned i = 0; i < p->len; i++)
		if (sym_list_role(&p->n[i]) >= 0 && p->about[i].arg[0] < 0)
			return false;
	return true;
}

/*
 * The question about each entry that a clause asks whether the module
 * asks it or not (pvalidate-rejects-reserved: SUCCESS only with reserved
 * bits 11:4 clear), heard after a run that read the entry. The correct
 * module asked it first, so it answers alike and splits nothing; a module
 * that skips the check (catalog bug 8) gets a region of entries with
 * reserved bits set, and that region's case meets the clause.
 */
void sym_list_ask_as_the_spec(struct sym_path *p)
{
	for (int k = 0, last = p->entry; k <= last; k++) {
		p->stage = p->entry = k;
		input_entry_reserved_clear(p->reg[SYM_ENTRY_WORD(k)]);
	}
}
