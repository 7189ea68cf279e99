/*
 * spec.c: loading the files of specs/ into a Z3 context and asking it questions.
 *
 * The context counts references (Z3_mk_context_rc): every term the code
 * holds is in a Z3 vector (asserts, pool), so nothing leaks and nothing is
 * freed under our feet. Errors are recorded, never fatal: Z3 has no error
 * handler here, and each step checks Z3_get_error_code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

#ifdef SVSMLAB_SRCDIR
#define SPEC_DIR SVSMLAB_SRCDIR "/specs"
#else
#define SPEC_DIR "specs"
#endif

/* A solver question never takes longer than this (milliseconds). */
#define SOLVER_TIMEOUT_MS 60000u

static const struct {
	unsigned bit;
	const char *name;
} files[] = {
	{ SPEC_MACHINE, "machine.smt2" },
	{ SPEC_ADVERSARY, "adversary.smt2" },
	{ SPEC_INVARIANTS, "invariants.smt2" },
	{ SPEC_THEOREMS, "theorems.smt2" },
};

/*
 * Appended after the spec files: a predicate over the sorts the encoder
 * needs, so that their Z3 sorts can be read off its declaration. The spec
 * files assert nothing, so this is assertion 0; the harness's come after.
 */
static const char probe[] =
	"(declare-fun spec-probe (State Entry Outcome Fault Reason Update Page) Bool)\n"
	"(declare-const probe-state State) (declare-const probe-entry Entry)\n"
	"(declare-const probe-outcome Outcome) (declare-const probe-fault Fault)\n"
	"(declare-const probe-reason Reason) (declare-const probe-update Update)\n"
	"(declare-const probe-page Page)\n"
	"(assert (spec-probe probe-state probe-entry probe-outcome probe-fault\n"
	"                    probe-reason probe-update probe-page))\n";

static int fail(struct spec *s, const char *what, const char *detail)
{
	/* Bounded so that the message always fits s->error. */
	snprintf(s->error, sizeof(s->error), "%.100s%s%.380s", what, detail ? ": " : "",
	         detail ? detail : "");
	return -1;
}

/* Did the last Z3 call fail? Then say so in s->error. */
static bool z3_failed(struct spec *s, const char *what)
{
	Z3_error_code e = Z3_get_error_code(s->ctx);
	if (e == Z3_OK)
		return false;
	fail(s, what, Z3_get_error_msg(s->ctx, e));
	return true;
}

char *spec_file_text(const char *name, char *path, size_t pathlen)
{
	snprintf(path, pathlen, "%s/%s", SPEC_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL, chunk[4096];
	size_t len = 0, n;
	bool ok = true;
	while (ok && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *grown = realloc(text, len + n + 1);
		ok = grown != NULL;
		if (ok) {
			memcpy(grown + len, chunk, n);
			len += n;
			grown[len] = '\0';
			text = grown;
		}
	}
	ok = ok && !ferror(f);
	fclose(f);
	if (ok && !text)
		text = calloc(1, 1);   /* an empty file */
	if (!ok) {
		free(text);
		text = NULL;
	}
	return text;
}

unsigned spec_line_of(const char *file, const char *name)
{
	char path[1024];
	char *text = spec_file_text(file, path, sizeof(path));
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

static int append_text(struct spec *s, const char *add, char **text, size_t *len)
{
	size_t n = strlen(add);
	char *grown = realloc(*text, *len + n + 2);
	if (!grown)
		return fail(s, "out of memory", NULL);
	memcpy(grown + *len, add, n);
	grown[*len + n] = '\n';
	grown[*len + n + 1] = '\0';
	*len += n + 1;
	*text = grown;
	return 0;
}

/* Everything spec_open parses: the spec files, the probe, the harness. */
static char *spec_text(struct spec *s, unsigned which, const char *harness)
{
	char *text = NULL;
	size_t len = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (!(which & files[i].bit))
			continue;
		char path[1024];
		char *file = spec_file_text(files[i].name, path, sizeof(path));
		int rc = file ? append_text(s, file, &text, &len) : fail(s, "cannot read", path);
		free(file);
		if (rc != 0) {
			free(text);
			return NULL;
		}
	}
	if (append_text(s, probe, &text, &len) != 0 || append_text(s, harness, &text, &len) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

#define SPEC_SORTS 12

/* The sorts struct spec holds (each holds a reference while set). */
static unsigned spec_sorts(struct spec *s, Z3_sort *out[SPEC_SORTS])
{
	Z3_sort *all[SPEC_SORTS] = { &s->state, &s->entry, &s->outcome, &s->fault, &s->reason,
	                             &s->update, &s->boolean, &s->bv4, &s->bv8, &s->bv32, &s->bv64,
	                             &s->page };
	memcpy(out, all, sizeof(all));
	return SPEC_SORTS;
}

/* Reads the sorts off the probe (assertion 0) and drops it from asserts. */
static int find_sorts(struct spec *s, Z3_ast_vector all)
{
	Z3_context c = s->ctx;
	if (Z3_ast_vector_size(c, all) == 0)
		return fail(s, "the specs did not parse to the probe assertion", NULL);
	Z3_func_decl d = Z3_get_app_decl(c, Z3_to_app(c, Z3_ast_vector_get(c, all, 0)));
	if (strcmp(Z3_get_symbol_string(c, Z3_get_decl_name(c, d)), "spec-probe") != 0)
		return fail(s, "a spec file asserts something", "spec files may only define");
	Z3_sort *probed[] = { &s->state, &s->entry, &s->outcome, &s->fault, &s->reason, &s->update,
	                      &s->page };
	for (unsigned i = 0; i < sizeof(probed) / sizeof(probed[0]); i++)
		*probed[i] = Z3_get_domain(c, d, i);
	s->boolean = Z3_mk_bool_sort(c);
	s->bv4 = Z3_mk_bv_sort(c, 4);
	s->bv8 = Z3_mk_bv_sort(c, 8);
	s->bv32 = Z3_mk_bv_sort(c, 32);
	s->bv64 = Z3_mk_bv_sort(c, 64);
	Z3_sort *sorts[SPEC_SORTS];
	for (unsigned i = 0; i < spec_sorts(s, sorts); i++)
		Z3_inc_ref(c, Z3_sort_to_ast(c, *sorts[i]));
	for (unsigned i = 1; i < Z3_ast_vector_size(c, all); i++)
		Z3_ast_vector_push(c, s->asserts, Z3_ast_vector_get(c, all, i));
	return 0;
}

/* A failed spec_open leaves nothing to close, only its message. */
static int abandon(struct spec *s)
{
	spec_close(s);
	return -1;
}

int spec_open(struct spec *s, unsigned which, const char *harness)
{
	memset(s, 0, sizeof(*s));
	char *text = spec_text(s, which | SPEC_MACHINE, harness);
	if (!text)
		return -1;
	Z3_config cfg = Z3_mk_config();
	s->ctx = Z3_mk_context_rc(cfg);
	Z3_del_config(cfg);
	Z3_context c = s->ctx;
	Z3_set_error_handler(c, NULL);
	s->asserts = Z3_mk_ast_vector(c);
	Z3_ast_vector_inc_ref(c, s->asserts);
	s->pool = Z3_mk_ast_vector(c);
	Z3_ast_vector_inc_ref(c, s->pool);

	Z3_ast_vector all = Z3_parse_smtlib2_string(c, text, 0, NULL, NULL, 0, NULL, NULL);
	free(text);
	if (z3_failed(s, "specs do not parse"))
		return abandon(s);
	Z3_ast_vector_inc_ref(c, all);
	int rc = find_sorts(s, all);
	Z3_ast_vector_dec_ref(c, all);
	if (rc != 0)
		return abandon(s);

	s->solver = Z3_mk_solver(c);
	Z3_solver_inc_ref(c, s->solver);
	Z3_params p = Z3_mk_params(c);
	Z3_params_inc_ref(c, p);
	Z3_params_set_uint(c, p, Z3_mk_string_symbol(c, "timeout"), SOLVER_TIMEOUT_MS);
	/* Z3 would take Ctrl-C for itself and cancel only this query: svsmlab stops (interrupt.h). */
	Z3_params_set_bool(c, p, Z3_mk_string_symbol(c, "ctrl_c"), false);
	Z3_solver_set_params(c, s->solver, p);
	Z3_params_dec_ref(c, p);
	return z3_failed(s, "cannot make a solver") ? abandon(s) : 0;
}

void spec_close(struct spec *s)
{
	Z3_context c = s->ctx;
	if (!c)
		return;
	if (s->model)
		Z3_model_dec_ref(c, s->model);
	if (s->solver)
		Z3_solver_dec_ref(c, s->solver);
	Z3_sort *sorts[SPEC_SORTS];
	for (unsigned i = 0; i < spec_sorts(s, sorts); i++)
		if (*sorts[i])
			Z3_dec_ref(c, Z3_sort_to_ast(c, *sorts[i]));
	Z3_ast_vector_dec_ref(c, s->pool);
	Z3_ast_vector_dec_ref(c, s->asserts);
	Z3_del_context(c);
	s->ctx = NULL;
}

Z3_ast spec_assertion(const struct spec *s, unsigned i)
{
	return Z3_ast_vector_get(s->ctx, s->asserts, i);
}

unsigned spec_assertions(const struct spec *s)
{
	return Z3_ast_vector_size(s->ctx, s->asserts);
}

Z3_ast spec_keep(struct spec *s, Z3_ast a)
{
	Z3_ast_vector_push(s->ctx, s->pool, a);
	return a;
}

void spec_release(struct spec *s)
{
	Z3_ast_vector_resize(s->ctx, s->pool, 0);
}

Z3_ast spec_const(struct spec *s, const char *name, Z3_sort sort)
{
	return spec_keep(s, Z3_mk_const(s->ctx, Z3_mk_string_symbol(s->ctx, name), sort));
}

/*
 * Checks f alone on the solver, leaving the solver as it was; keeps the
 * model in s->model if asked. (Only when asked: Z3 4.8.12 loses 64 bytes
 * in Z3_solver_get_model on these formulas, which ASan reports.)
 */
static Z3_lbool check_alone(struct spec *s, Z3_ast f, bool want_model)
{
	Z3_solver_push(s->ctx, s->solver);
	Z3_solver_assert(s->ctx, s->solver, f);
	Z3_lbool r = Z3_solver_check(s->ctx, s->solver);
	if (r == Z3_L_TRUE && want_model) {
		if (s->model)
			Z3_model_dec_ref(s->ctx, s->model);
		s->model = Z3_solver_get_model(s->ctx, s->solver);
		Z3_model_inc_ref(s->ctx, s->model);
	}
	Z3_solver_pop(s->ctx, s->solver, 1);
	return r;
}

enum truth spec_prove(struct spec *s, Z3_ast f)
{
	switch (check_alone(s, spec_keep(s, Z3_mk_not(s->ctx, f)), false)) {
	case Z3_L_FALSE:
		return TRUTH_TRUE;
	case Z3_L_TRUE:
		return TRUTH_FALSE;
	default:
		snprintf(s->error, sizeof(s->error), "Z3 cannot tell: %s",
		         Z3_solver_get_reason_unknown(s->ctx, s->solver));
		return TRUTH_UNKNOWN;
	}
}

Z3_model spec_solve(struct spec *s, Z3_ast f)
{
	if (s->model) {
		Z3_model_dec_ref(s->ctx, s->model);
		s->model = NULL;
	}
	return check_alone(s, f, true) == Z3_L_TRUE ? s->model : NULL;
}

Z3_ast spec_model_value(struct spec *s, Z3_model m, Z3_ast t)
{
	Z3_ast v = NULL;
	if (!Z3_model_eval(s->ctx, m, t, true, &v))
		return NULL;
	return spec_keep(s, v);
}

/* TRUE, FALSE, or UNKNOWN if v is not a truth value. */
static enum truth truth_of(struct spec *s, Z3_ast v)
{
	switch (v ? Z3_get_bool_value(s->ctx, v) : Z3_L_UNDEF) {
	case Z3_L_TRUE:
		return TRUTH_TRUE;
	case Z3_L_FALSE:
		return TRUTH_FALSE;
	default:
		return TRUTH_UNKNOWN;
	}
}

enum truth spec_eval(struct spec *s, Z3_ast f, unsigned n, const Z3_ast *consts,
                     const Z3_ast *values)
{
	Z3_context c = s->ctx;
	Z3_model m = Z3_mk_model(c);
	Z3_model_inc_ref(c, m);
	for (unsigned i = 0; i < n; i++)
		Z3_add_const_interp(c, m, Z3_get_app_decl(c, Z3_to_app(c, consts[i])), values[i]);
	Z3_ast v = spec_model_value(s, m, f);
	enum truth t = truth_of(s, v);
	if (t == TRUTH_UNKNOWN && v) {
		/* Quantifiers or lambdas are left (2M spans): spell them out. */
		s->expanded++;
		t = truth_of(s, spec_model_value(s, m, spec_expand(s, v)));
	}
	Z3_model_dec_ref(c, m);
	if (t == TRUTH_UNKNOWN && v) {
		/* Still open: a closed formula, so the solver can decide it. */
		s->solver_evals++;
		t = spec_prove(s, v);
	}
	return t;
}
