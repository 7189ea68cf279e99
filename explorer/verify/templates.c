/*
 * templates.c: the formulas the verifier instantiates, and the harness
 * that declares them.
 *
 * The specs (machine, adversary, invariants) and specs/contracts.smt2 are
 * parsed once, together with a harness that declares template constants
 * (pre, post, out, addr, ...) and asserts one template formula per HAL
 * call, per move of the hypervisor on one page, and per clause (the
 * clause registry's templates, explorer/ghost/clauses.c). A step of
 * a run is then encoded without parsing anything: the template is
 * instantiated by substituting terms for the constants (instance.c).
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

/* The sorts of the template constants. */
enum vsort { S_STATE, S_OUTCOME, S_ENTRY, S_PAGE, S_BOOL, S_BV8, S_BV32, S_BV64, S_SET, S_BYTES };

/* The template constants, in enum hvar order: name, sort in SMT-LIB, sort for Z3. */
static const struct {
	const char *name, *smt;
	enum vsort sort;
} vars[HV_COUNT] = {
	[HV_PRE] = { "pre", "State", S_STATE },       [HV_POST] = { "post", "State", S_STATE },
	[HV_OUT] = { "out", "Outcome", S_OUTCOME },   [HV_VMPL] = { "vmpl", "Vmpl", S_BV32 },
	[HV_ADDR] = { "addr", "Addr", S_BV64 },       [HV_SIZE] = { "size", "(_ BitVec 32)", S_BV32 },
	[HV_FLAG] = { "flag", "Bool", S_BOOL },       [HV_ATTRS] = { "attrs", "(_ BitVec 64)", S_BV64 },
	[HV_LEN] = { "len", "(_ BitVec 64)", S_BV64 }, [HV_LAB] = { "lab", "Label", S_BV8 },
	[HV_OLD] = { "old", "Entry", S_ENTRY },       [HV_NEW] = { "new", "Entry", S_ENTRY },
	[HV_PAGE] = { "page", "Page", S_PAGE },       [HV_RUNNING] = { "vmsa-running", "Bool", S_BOOL },
	[HV_MODULE] = { "module", "(Array Page Bool)", S_SET },
	[HV_SAVE_VMPL] = { "save-vmpl", "(Array Page (_ BitVec 8))", S_BYTES },
	[HV_SAVE_SVME] = { "save-svme", "(Array Page Bool)", S_SET },
	[HV_RESULT] = { "result", "Result", S_BV32 }, [HV_RCX] = { "rcx", "Addr", S_BV64 },
	[HV_OWNER] = { "owner", "(Array Page Owner)", S_BYTES }, [HV_RDX] = { "rdx", "Addr", S_BV64 },
	[HV_RCX_OUT] = { "rcx-out", "(_ BitVec 64)", S_BV64 },
	[HV_RAM] = { "ram", "(Array Page Bool)", S_SET },
	[HV_BITMAP] = { "bitmap", "(Array Page Bool)", S_SET },
};

/*
 * The verifier's own templates, in enum tpl order: the HAL calls and the
 * adversary. The clauses' come after them, one per row of the clause
 * registry (explorer/ghost/clauses.c), at TPL_CLAUSE + its number.
 */
static const char *const tpls[TPL_CLAUSE] = {
	[TPL_PVALIDATE] = "(pvalidate pre vmpl addr size flag out post)",
	[TPL_RMPADJUST] = "(rmpadjust pre vmpl addr size attrs out post)",
	[TPL_READ] = "(and (guest-read pre vmpl addr true len out) (= post pre))",
	[TPL_WRITE] = "(guest-write pre vmpl addr true len lab out post)",
	[TPL_REFUSED] = "(and (= out (returns HW-FAIL-INPUT false)) (= post pre))",
	[TPL_HV_PAGE] = "(and (hv-entry old new) (hv-realisable old new vmsa-running)"
	                " (hv-label pre post page))",
};

/*
 * What verify asks of the hypervisor beyond specs/adversary.smt2, so that
 * every model is a list of moves explorer/hv/ can make and the replay
 * follows it: an entry that changes becomes one RMPUPDATE writes (4K; an
 * unassigned entry carries no ASID or GPA), and the VMSA of a running
 * vCPU keeps its entry (RMPUPDATE refuses it). docs/verify.md says why
 * this leaves out no attack in the scope.
 */
static const char realisable[] =
	"(define-fun hv-realisable ((a Entry) (b Entry) (running Bool)) Bool\n"
	"  (or (= b a)\n"
	"      (and (not running) (= (page-size b) PSIZE-4K) (page-aligned (bound-gpa b))\n"
	"           (=> (not (assigned b))\n"
	"               (and (= (asid b) #x00000000) (= (bound-gpa b) #x0000000000000000))))))\n";

char *tpl_harness_text(char *err, size_t errlen)
{
	char path[1024];
	char *contracts = spec_file_text("contracts.smt2", path, sizeof(path));
	if (!contracts) {
		snprintf(err, errlen, "cannot read %s", path);
		return NULL;
	}
	size_t cap = strlen(contracts) + sizeof(realisable) + 4096;
	char *text = malloc(cap);
	if (!text) {
		free(contracts);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	size_t len = (size_t)snprintf(text, cap, "%s\n%s", contracts, realisable);
	free(contracts);
	for (unsigned i = 0; i < HV_COUNT && len < cap; i++)
		len += (size_t)snprintf(text + len, cap - len, "(declare-const %s %s)\n", vars[i].name,
		                        vars[i].smt);
	for (unsigned t = 0; t < TPL_CLAUSE && len < cap; t++)
		len += (size_t)snprintf(text + len, cap - len, "(assert %s)\n", tpls[t]);
	/* A clause only the run-time check judges keeps its place with "true". */
	for (unsigned id = 0; id < CLAUSE_COUNT && len < cap; id++) {
		const char *smt = clause_row((enum clause_id)id)->verify;
		len += (size_t)snprintf(text + len, cap - len, "(assert %s)\n", smt ? smt : "true");
	}
	if (len >= cap) {
		free(text);
		snprintf(err, errlen, "the harness does not fit its buffer");
		return NULL;
	}
	return text;
}

static Z3_sort sort_of(struct spec *s, enum vsort k)
{
	switch (k) {
	case S_STATE: return s->state;
	case S_OUTCOME: return s->outcome;
	case S_ENTRY: return s->entry;
	case S_PAGE: return s->page;
	case S_BOOL: return s->boolean;
	case S_BV8: return s->bv8;
	case S_BV32: return s->bv32;
	case S_BV64: return s->bv64;
	case S_SET: return Z3_mk_array_sort(s->ctx, s->page, s->boolean);
	case S_BYTES: return Z3_mk_array_sort(s->ctx, s->page, s->bv8);
	}
	return s->boolean;
}

Z3_ast tpl_var(struct spec *s, enum hvar i)
{
	Z3_context c = s->ctx;
	return Z3_mk_const(c, Z3_mk_string_symbol(c, vars[i].name), sort_of(s, vars[i].sort));
}
