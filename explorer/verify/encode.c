/*
 * encode.c: C values <-> terms of specs/machine.smt2.
 *
 * The datatypes' fields are written positionally, so encode_check first
 * compares the spec's layout with the tables below: renaming or reordering
 * a field in the spec then fails loudly instead of mixing fields up.
 *
 * A state's arrays are a constant default with a store for each page that
 * differs from it (an all-zero RMP entry, UNMAPPED, LABEL_PUBLIC, not
 * running): a fresh machine's state is small, and two equal machines give
 * the very same term, which the model evaluator compares in one step.
 */
#include <stdio.h>
#include <string.h>

#include "encode.h"

static const char *const entry_fields[] = {
	"assigned", "immutable", "validated", "vmsa", "page-size", "asid", "bound-gpa",
	"perms1", "perms2", "perms3",
};
/* Indexed by enum state_field. */
static const char *const state_fields[] = {
	"npages", "guest-asid", "guest-vmpl", "rmp", "npt", "label", "running",
};
static const char *const outcome_fields[] = { "rc", "cf", "fault", "code" };
static const char *const update_fields[] = {
	"new-assigned", "new-immutable", "new-page-size", "new-asid", "new-gpa",
};
/* Indexed by enum hw_fault and enum npf_reason. */
static const char *const faults[] = { "fault-none", "fault-vc", "fault-npf", "fault-gp" };
static const char *const reasons[NPF_REASONS] = {
	"npf-none", "npf-unmapped", "npf-out-of-range", "npf-gpa-mismatch", "npf-not-assigned",
	"npf-wrong-asid", "npf-immutable", "npf-vmpl", "npf-shared-assigned", "npf-size",
};

#define COUNT(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

static Z3_ast keep(struct spec *s, Z3_ast a)
{
	return spec_keep(s, a);
}

static Z3_func_decl constructor(struct spec *s, Z3_sort sort, unsigned i)
{
	Z3_func_decl d = Z3_get_datatype_sort_constructor(s->ctx, sort, i);
	keep(s, Z3_func_decl_to_ast(s->ctx, d));
	return d;
}

static const char *decl_name(struct spec *s, Z3_func_decl d)
{
	return Z3_get_symbol_string(s->ctx, Z3_get_decl_name(s->ctx, d));
}

static int mismatch(struct spec *s, const char *sort, const char *want, const char *got)
{
	snprintf(s->error, sizeof(s->error),
	         "specs/machine.smt2 changed: %s has %s where the encoder expects %s",
	         sort, got, want);
	return -1;
}

/* A record: one constructor whose accessors are named fields[0..n). */
static int check_record(struct spec *s, Z3_sort sort, const char *what,
                        const char *const *fields, unsigned n)
{
	Z3_context c = s->ctx;
	if (Z3_get_datatype_sort_num_constructors(c, sort) != 1)
		return mismatch(s, what, "one constructor", "several");
	if (Z3_get_domain_size(c, constructor(s, sort, 0)) != n)
		return mismatch(s, what, "its fields", "a different number of fields");
	for (unsigned i = 0; i < n; i++) {
		Z3_func_decl a = Z3_get_datatype_sort_constructor_accessor(c, sort, 0, i);
		keep(s, Z3_func_decl_to_ast(c, a));
		if (strcmp(decl_name(s, a), fields[i]) != 0)
			return mismatch(s, what, fields[i], decl_name(s, a));
	}
	return 0;
}

/* An enumeration whose members are named names[0..n), in that order. */
static int check_enum(struct spec *s, Z3_sort sort, const char *what,
                      const char *const *names, unsigned n)
{
	if (Z3_get_datatype_sort_num_constructors(s->ctx, sort) != n)
		return mismatch(s, what, "its members", "a different number of members");
	for (unsigned i = 0; i < n; i++) {
		const char *got = decl_name(s, constructor(s, sort, i));
		if (strcmp(got, names[i]) != 0)
			return mismatch(s, what, names[i], got);
	}
	return 0;
}

int encode_check(struct spec *s)
{
	int rc = check_record(s, s->entry, "Entry", entry_fields, COUNT(entry_fields));
	if (rc == 0)
		rc = check_record(s, s->state, "State", state_fields, COUNT(state_fields));
	if (rc == 0)
		rc = check_record(s, s->outcome, "Outcome", outcome_fields, COUNT(outcome_fields));
	if (rc == 0)
		rc = check_record(s, s->update, "Update", update_fields, COUNT(update_fields));
	if (rc == 0)
		rc = check_enum(s, s->fault, "Fault", faults, COUNT(faults));
	if (rc == 0)
		rc = check_enum(s, s->reason, "Reason", reasons, COUNT(reasons));
	spec_release(s);
	return rc;
}

/* --- C to spec --------------------------------------------------------------- */

Z3_ast enc_bool(struct spec *s, bool b)
{
	return keep(s, b ? Z3_mk_true(s->ctx) : Z3_mk_false(s->ctx));
}

Z3_ast enc_bv(struct spec *s, uint64_t v, Z3_sort bv)
{
	return keep(s, Z3_mk_unsigned_int64(s->ctx, v, bv));
}

static Z3_ast record(struct spec *s, Z3_sort sort, unsigned n, const Z3_ast *fields)
{
	return keep(s, Z3_mk_app(s->ctx, constructor(s, sort, 0), n, fields));
}

static Z3_ast member(struct spec *s, Z3_sort sort, unsigned i)
{
	return keep(s, Z3_mk_app(s->ctx, constructor(s, sort, i), 0, NULL));
}

Z3_ast enc_entry(struct spec *s, const struct rmp_entry *e)
{
	/* VMPL0's permissions are implicit: the spec has no field for perms[0]. */
	if (e->perms[0] != 0)
		return NULL;
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		if (e->perms[v] > PERM_ALL)
			return NULL;
	Z3_ast f[] = {
		enc_bool(s, e->assigned), enc_bool(s, e->immutable), enc_bool(s, e->validated),
		enc_bool(s, e->vmsa), enc_bv(s, e->page_size, s->bv8), enc_bv(s, e->asid, s->bv32),
		enc_bv(s, e->gpa, s->bv64), enc_bv(s, e->perms[1], s->bv4),
		enc_bv(s, e->perms[2], s->bv4), enc_bv(s, e->perms[3], s->bv4),
	};
	return record(s, s->entry, COUNT(f), f);
}

static Z3_ast const_array(struct spec *s, Z3_ast value)
{
	return keep(s, Z3_mk_const_array(s->ctx, s->page, value));
}

static Z3_ast store(struct spec *s, Z3_ast array, unsigned page, Z3_ast value)
{
	return keep(s, Z3_mk_store(s->ctx, array, enc_bv(s, page, s->page), value));
}

static Z3_ast enc_rmp(struct spec *s, const struct machine *m)
{
	static const struct rmp_entry zero;
	Z3_ast a = const_array(s, enc_entry(s, &zero));
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++) {
		if (rmp_entry_equal(&m->rmp[i], &zero))
			continue;
		Z3_ast e = enc_entry(s, &m->rmp[i]);
		if (!e)
			return NULL;
		a = store(s, a, i, e);
	}
	return a;
}

static Z3_ast enc_npt(struct spec *s, const struct machine *m)
{
	Z3_ast a = const_array(s, enc_bv(s, NPT_UNMAPPED, s->bv64));
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
		if (m->npt[i] != NPT_UNMAPPED)
			a = store(s, a, i, enc_bv(s, m->npt[i], s->bv64));
	return a;
}

static Z3_ast enc_labels(struct spec *s, const struct machine *m)
{
	Z3_ast a = const_array(s, enc_bv(s, LABEL_PUBLIC, s->bv8));
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
		if (m->label[i] != LABEL_PUBLIC)
			a = store(s, a, i, enc_bv(s, m->label[i], s->bv8));
	return a;
}

/*
 * The model asks "is this SPA a running VMSA?" only of pages inside RMP
 * spans, all below MACHINE_MAX_PAGES: the spec's set is that answer.
 */
static Z3_ast enc_running(struct spec *s, const struct machine *m)
{
	Z3_ast a = const_array(s, enc_bool(s, false));
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
		if (machine_vmsa_in_use(m, (uint64_t)i * PAGE_SIZE))
			a = store(s, a, i, enc_bool(s, true));
	return a;
}

Z3_ast enc_state(struct spec *s, const struct machine *m)
{
	Z3_ast rmp = enc_rmp(s, m);
	if (!rmp)
		return NULL;
	Z3_ast f[] = {
		enc_bv(s, m->npages, s->bv64), enc_bv(s, m->asid, s->bv32),
		enc_bv(s, m->guest_vmpl, s->bv8), rmp, enc_npt(s, m), enc_labels(s, m),
		enc_running(s, m),
	};
	return record(s, s->state, COUNT(f), f);
}

Z3_ast enc_outcome(struct spec *s, struct hw_result r)
{
	if (r.fault >= COUNT(faults) || r.cf > 1)
		return NULL;
	Z3_ast f[] = {
		enc_bv(s, r.rc, s->bv32), enc_bool(s, r.cf), member(s, s->fault, r.fault),
		enc_bv(s, r.code, s->bv64),
	};
	return record(s, s->outcome, COUNT(f), f);
}

Z3_ast enc_reason(struct spec *s, enum npf_reason why)
{
	if ((unsigned)why >= COUNT(reasons))
		return NULL;
	return member(s, s->reason, why);
}

Z3_ast enc_update(struct spec *s, const struct rmp_update *u)
{
	Z3_ast f[] = {
		enc_bool(s, u->assigned), enc_bool(s, u->immutable),
		enc_bv(s, u->page_size, s->bv8), enc_bv(s, u->asid, s->bv32),
		enc_bv(s, u->gpa, s->bv64),
	};
	return record(s, s->update, COUNT(f), f);
}

Z3_ast enc_field(struct spec *s, Z3_ast state, enum state_field f)
{
	Z3_func_decl get = Z3_get_datatype_sort_constructor_accessor(s->ctx, s->state, 0, f);
	keep(s, Z3_func_decl_to_ast(s->ctx, get));
	return keep(s, Z3_mk_app(s->ctx, get, 1, &state));
}

Z3_ast enc_select(struct spec *s, Z3_ast array, uint64_t page)
{
	return keep(s, Z3_mk_select(s->ctx, array, enc_bv(s, page, s->page)));
}

Z3_ast enc_page_set(struct spec *s, const bool in[MACHINE_MAX_PAGES])
{
	Z3_ast a = const_array(s, enc_bool(s, false));
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
		if (in[i])
			a = store(s, a, i, enc_bool(s, true));
	return a;
}

Z3_ast enc_page_bytes(struct spec *s, const uint8_t b[MACHINE_MAX_PAGES])
{
	Z3_ast a = const_array(s, enc_bv(s, 0, s->bv8));
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
		if (b[i])
			a = store(s, a, i, enc_bv(s, b[i], s->bv8));
	return a;
}

/*
 * A value of a table by page: a Bool (not 0) or a bit-vector of sort.
 */
static Z3_ast page_value(struct spec *s, uint8_t v, Z3_sort sort)
{
	return sort == s->boolean ? enc_bool(s, v != 0) : enc_bv(s, v, sort);
}

Z3_ast enc_page_runs(struct spec *s, const uint8_t v[MACHINE_MAX_PAGES], Z3_sort sort)
{
	Z3_context c = s->ctx;
	Z3_ast p = keep(s, Z3_mk_const(c, Z3_mk_string_symbol(c, "page-of-run"), s->page));
	Z3_ast body = page_value(s, 0, sort);
	/* From the last page down, so that the first run is the outermost test. */
	for (unsigned end = MACHINE_MAX_PAGES; end > 0;) {
		unsigned first = end - 1;
		while (first > 0 && v[first - 1] == v[end - 1])
			first--;
		if (v[first] != 0) {
			Z3_ast in[] = {
				keep(s, Z3_mk_bvuge(c, p, enc_bv(s, first, s->page))),
				keep(s, Z3_mk_bvule(c, p, enc_bv(s, end - 1, s->page))),
			};
			Z3_ast run = keep(s, Z3_mk_and(c, 2, in));
			body = keep(s, Z3_mk_ite(c, run, page_value(s, v[first], sort), body));
		}
		end = first;
	}
	Z3_app bound = Z3_to_app(c, p);
	return keep(s, Z3_mk_lambda_const(c, 1, &bound, body));
}

/* --- spec to C --------------------------------------------------------------- */

bool dec_bool(struct spec *s, Z3_ast v, bool *b)
{
	Z3_lbool l = Z3_get_bool_value(s->ctx, v);
	*b = l == Z3_L_TRUE;
	return l != Z3_L_UNDEF;
}

bool dec_bv(struct spec *s, Z3_ast v, uint64_t *u)
{
	return Z3_get_numeral_uint64(s->ctx, v, u);
}

/* The n fields of a record value, or false if v is not one of sort. */
static bool fields_of(struct spec *s, Z3_ast v, Z3_sort sort, unsigned n, Z3_ast *out)
{
	Z3_context c = s->ctx;
	if (Z3_get_ast_kind(c, v) != Z3_APP_AST)
		return false;
	Z3_app app = Z3_to_app(c, v);
	if (!Z3_is_eq_func_decl(c, Z3_get_app_decl(c, app), constructor(s, sort, 0)) ||
	    Z3_get_app_num_args(c, app) != n)
		return false;
	for (unsigned i = 0; i < n; i++)
		out[i] = Z3_get_app_arg(c, app, i);
	return true;
}

/* Which member of an enumeration v is, or n if none. */
static unsigned member_of(struct spec *s, Z3_ast v, Z3_sort sort, unsigned n)
{
	Z3_context c = s->ctx;
	if (Z3_get_ast_kind(c, v) != Z3_APP_AST)
		return n;
	Z3_func_decl d = Z3_get_app_decl(c, Z3_to_app(c, v));
	for (unsigned i = 0; i < n; i++)
		if (Z3_is_eq_func_decl(c, d, constructor(s, sort, i)))
			return i;
	return n;
}

bool dec_entry(struct spec *s, Z3_ast v, struct rmp_entry *e)
{
	Z3_ast f[COUNT(entry_fields)];
	uint64_t size, asid, gpa, p[4] = { 0 };
	memset(e, 0, sizeof(*e));
	bool ok = fields_of(s, v, s->entry, COUNT(f), f) &&
	          dec_bool(s, f[0], &e->assigned) && dec_bool(s, f[1], &e->immutable) &&
	          dec_bool(s, f[2], &e->validated) && dec_bool(s, f[3], &e->vmsa) &&
	          dec_bv(s, f[4], &size) && dec_bv(s, f[5], &asid) && dec_bv(s, f[6], &gpa) &&
	          dec_bv(s, f[7], &p[1]) && dec_bv(s, f[8], &p[2]) && dec_bv(s, f[9], &p[3]);
	if (!ok)
		return false;
	e->page_size = (uint8_t)size;
	e->asid = (uint32_t)asid;
	e->gpa = gpa;
	for (unsigned i = 1; i < VMPL_COUNT; i++)
		e->perms[i] = (uint8_t)p[i];
	return true;
}

bool dec_outcome(struct spec *s, Z3_ast v, struct hw_result *r)
{
	Z3_ast f[COUNT(outcome_fields)];
	uint64_t rc, code;
	bool cf;
	if (!fields_of(s, v, s->outcome, COUNT(f), f) || !dec_bv(s, f[0], &rc) ||
	    !dec_bool(s, f[1], &cf) || !dec_bv(s, f[3], &code))
		return false;
	unsigned fault = member_of(s, f[2], s->fault, COUNT(faults));
	if (fault == COUNT(faults))
		return false;
	*r = (struct hw_result){ .rc = (uint32_t)rc, .cf = cf, .fault = (uint8_t)fault, .code = code };
	return true;
}

bool dec_reason(struct spec *s, Z3_ast v, enum npf_reason *why)
{
	unsigned i = member_of(s, v, s->reason, COUNT(reasons));
	*why = (enum npf_reason)i;
	return i < COUNT(reasons);
}
