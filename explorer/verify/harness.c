/*
 * harness.c: Z3 as the verifier uses it.
 *
 * The specs (machine, adversary, invariants) and specs/contracts.smt2 are
 * parsed once, together with a harness that declares template constants
 * (pre, post, out, addr, ...) and asserts one template formula per HAL
 * call, per move of the hypervisor on one page, and per clause. A step of
 * a run is then encoded without parsing anything: the template is
 * instantiated by substituting terms for the constants (vq_instance).
 *
 * An instance over a state that is concrete except for a few scope pages,
 * whose page sizes are fixed, simplifies to a formula without quantifiers
 * or lambdas: the 2M branches of specs/machine.smt2 fold away, and what
 * is left of a quantifier over pages or an equality of tables is spelled
 * out over the pages by spec_expand. Z3 then answers in milliseconds
 * where the quantified form times out.
 *
 * One solver serves a whole case: each step of a run pushes a level,
 * backing up pops it (vq_push, vq_pop), and the terms a level made are
 * released with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verifier.h"

#ifdef SVSMLAB_SRCDIR
#define SPECS_DIR SVSMLAB_SRCDIR "/specs"
#else
#define SPECS_DIR "specs"
#endif

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
	[HV_PAGE] = { "page", "Page", S_PAGE },       [HV_RUNNING] = { "running", "Bool", S_BOOL },
	[HV_MODULE] = { "module", "(Array Page Bool)", S_SET },
	[HV_SAVE_VMPL] = { "save-vmpl", "(Array Page (_ BitVec 8))", S_BYTES },
	[HV_SAVE_SVME] = { "save-svme", "(Array Page Bool)", S_SET },
	[HV_RESULT] = { "result", "Result", S_BV32 }, [HV_RCX] = { "rcx", "Addr", S_BV64 },
};

/*
 * The templates, in enum tpl order, and the clause each one speaks for
 * (NULL: a HAL call or the adversary, not a clause).
 */
static const struct {
	const char *smt, *clause, *file;
} tpls[TPL_COUNT] = {
	[TPL_PVALIDATE] = { "(pvalidate pre vmpl addr size flag out post)" },
	[TPL_RMPADJUST] = { "(rmpadjust pre vmpl addr size attrs out post)" },
	[TPL_READ] = { "(and (guest-read pre vmpl addr true len out) (= post pre))" },
	[TPL_WRITE] = { "(guest-write pre vmpl addr true len lab out post)" },
	[TPL_REFUSED] = { "(and (= out (returns HW-FAIL-INPUT false)) (= post pre))" },
	[TPL_HV_PAGE] = { "(and (hv-entry old new) (hv-realisable old new running)"
	                  " (hv-label pre post page))" },
	[TPL_NO_DOUBLE] = { "(pvalidate-no-double pre addr size flag)",
	                    "pvalidate-no-double", "contracts.smt2" },
	[TPL_PAGE_PUBLIC] = { "(page-public-to-vmpl pre addr size attrs)",
	                      "page-public-to-vmpl", "contracts.smt2" },
	[TPL_VMSA_REVOKED] = { "(vmsa-revoked-first pre addr size attrs)",
	                       "vmsa-revoked-first", "contracts.smt2" },
	[TPL_VMSA_CONTENTS] = { "(vmsa-contents-checked pre addr size attrs save-vmpl save-svme)",
	                        "vmsa-contents-checked", "contracts.smt2" },
	[TPL_CONFIDENTIALITY] = { "(confidentiality post)", "confidentiality", "invariants.smt2" },
	[TPL_INTEGRITY] = { "(module-integrity post module)", "module-integrity",
	                    "invariants.smt2" },
	[TPL_VMSA_SAFETY] = { "(vmsa-safety post save-vmpl)", "vmsa-safety", "invariants.smt2" },
	[TPL_DOUBLE_VALIDATION] = { "(no-double-validation post)", "no-double-validation",
	                            "invariants.smt2" },
	[TPL_DELETE_VCPU] = { "(delete-vcpu-removes-vmsa post rcx result)",
	                      "delete-vcpu-removes-vmsa", "contracts.smt2" },
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

const char *tpl_clause(enum tpl t)
{
	return t < TPL_COUNT ? tpls[t].clause : NULL;
}

const char *tpl_file(enum tpl t)
{
	return t < TPL_COUNT ? tpls[t].file : NULL;
}

/* The whole of specs/NAME, or NULL. */
static char *read_spec(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", SPECS_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = 2 * (len + n + 1);
			char *grown = realloc(text, cap);
			if (!grown) {
				free(text);
				fclose(f);
				return NULL;
			}
			text = grown;
		}
		memcpy(text + len, chunk, n);
		len += n;
		text[len] = '\0';
	}
	fclose(f);
	return text;
}

unsigned spec_line_of(const char *file, const char *name)
{
	char *text = read_spec(file);
	if (!text)
		return 0;
	char want[96];
	snprintf(want, sizeof(want), "(define-fun %s ", name);
	unsigned line = 1, found = 0;
	for (const char *p = text; *p && !found; p++) {
		if (p == text || p[-1] == '\n')
			if (strncmp(p, want, strlen(want)) == 0)
				found = line;
		if (*p == '\n')
			line++;
	}
	free(text);
	return found;
}

/* contracts.smt2, hv-realisable, the constants and the templates. */
static char *harness_text(void)
{
	char *contracts = read_spec("contracts.smt2");
	if (!contracts)
		return NULL;
	size_t cap = strlen(contracts) + sizeof(realisable) + 4096;
	char *text = malloc(cap);
	if (!text) {
		free(contracts);
		return NULL;
	}
	size_t len = (size_t)snprintf(text, cap, "%s\n%s", contracts, realisable);
	free(contracts);
	for (unsigned i = 0; i < HV_COUNT && len < cap; i++)
		len += (size_t)snprintf(text + len, cap - len, "(declare-const %s %s)\n", vars[i].name,
		                        vars[i].smt);
	for (unsigned t = 0; t < TPL_COUNT && len < cap; t++)
		len += (size_t)snprintf(text + len, cap - len, "(assert %s)\n", tpls[t].smt);
	if (len >= cap) {
		free(text);
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

int vq_open(struct vq *q, unsigned timeout_ms, char *err, size_t errlen)
{
	memset(q, 0, sizeof(*q));
	char *text = harness_text();
	if (!text) {
		snprintf(err, errlen, "cannot read %s/contracts.smt2", SPECS_DIR);
		return -1;
	}
	int rc = spec_open(&q->spec, SPEC_ADVERSARY | SPEC_INVARIANTS, text);
	free(text);
	if (rc == 0)
		rc = encode_check(&q->spec);
	if (rc == 0 && spec_assertions(&q->spec) != TPL_COUNT) {
		snprintf(q->spec.error, sizeof(q->spec.error), "the harness has %u templates, not %u",
		         spec_assertions(&q->spec), (unsigned)TPL_COUNT);
		rc = -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s", q->spec.error);
		spec_close(&q->spec);
		return -1;
	}
	Z3_context c = q->spec.ctx;
	q->keep = Z3_mk_ast_vector(c);
	Z3_ast_vector_inc_ref(c, q->keep);
	/* A constant is its name and its sort: these are the harness's own. */
	for (unsigned i = 0; i < HV_COUNT; i++) {
		q->var[i] = Z3_mk_const(c, Z3_mk_string_symbol(c, vars[i].name),
		                        sort_of(&q->spec, vars[i].sort));
		Z3_inc_ref(c, q->var[i]);
	}
	Z3_params p = Z3_mk_params(c);
	Z3_params_inc_ref(c, p);
	Z3_params_set_uint(c, p, Z3_mk_string_symbol(c, "timeout"), timeout_ms);
	Z3_solver_set_params(c, q->spec.solver, p);
	Z3_params_dec_ref(c, p);
	return 0;
}

void vq_close(struct vq *q)
{
	Z3_context c = q->spec.ctx;
	if (!c)
		return;
	while (q->level > 0)
		vq_pop(q);
	if (q->model)
		Z3_model_dec_ref(c, q->model);
	for (unsigned i = 0; i < HV_COUNT; i++)
		if (q->var[i])
			Z3_dec_ref(c, q->var[i]);
	Z3_ast_vector_dec_ref(c, q->keep);
	spec_close(&q->spec);
}

Z3_ast vq_keep(struct vq *q, Z3_ast a)
{
	Z3_ast_vector_push(q->spec.ctx, q->keep, a);
	return a;
}

void vq_push(struct vq *q)
{
	q->mark[q->level++] = Z3_ast_vector_size(q->spec.ctx, q->keep);
	Z3_solver_push(q->spec.ctx, q->spec.solver);
}

void vq_pop(struct vq *q)
{
	Z3_context c = q->spec.ctx;
	Z3_solver_pop(c, q->spec.solver, 1);
	Z3_ast_vector_resize(c, q->keep, q->mark[--q->level]);
	spec_release(&q->spec);
}

void vq_assert(struct vq *q, Z3_ast f)
{
	Z3_solver_assert(q->spec.ctx, q->spec.solver, f);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

Z3_lbool vq_check(struct vq *q)
{
	Z3_context c = q->spec.ctx;
	double t = now();
	Z3_lbool r = Z3_solver_check(c, q->spec.solver);
	q->seconds += now() - t;
	q->queries++;
	if (q->model) {
		Z3_model_dec_ref(c, q->model);
		q->model = NULL;
	}
	if (r == Z3_L_TRUE) {
		q->model = Z3_solver_get_model(c, q->spec.solver);
		Z3_model_inc_ref(c, q->model);
	} else if (r == Z3_L_UNDEF) {
		q->unknown++;
	}
	return r;
}

Z3_ast vq_value(struct vq *q, Z3_ast t)
{
	Z3_ast v = NULL;
	if (!q->model || !Z3_model_eval(q->spec.ctx, q->model, t, true, &v))
		return NULL;
	return spec_keep(&q->spec, v);
}

Z3_ast vq_instance(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT])
{
	Z3_context c = q->spec.ctx;
	Z3_ast from[HV_COUNT], to[HV_COUNT];
	unsigned n = 0;
	for (unsigned i = 0; i < HV_COUNT; i++)
		if (vals[i]) {
			from[n] = q->var[i];
			to[n++] = vals[i];
		}
	Z3_ast f = spec_keep(&q->spec, Z3_substitute(c, spec_assertion(&q->spec, t), n, from, to));
	f = spec_keep(&q->spec, Z3_simplify(c, f));
	f = spec_expand(&q->spec, f);
	return vq_keep(q, Z3_simplify(c, f));
}

Z3_ast vq_fresh(struct vq *q, const char *prefix, Z3_sort s)
{
	return vq_keep(q, Z3_mk_fresh_const(q->spec.ctx, prefix, s));
}
