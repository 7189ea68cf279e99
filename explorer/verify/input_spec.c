/*
 * input_spec.c: specs/inputs.smt2, loaded and applied (see input_spec.h).
 *
 * The file is parsed once with a harness that applies every define-fun to
 * four declared constants; applying a predicate to a call is then a
 * substitution of those constants, so no SMT text is written per question.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_spec.h"
#include "spec.h"

static const struct {
	const char *name;
	unsigned args;
} defuns[INPUT_CHECK_COUNT] = {
	[INPUT_PAGE_ALIGNED] = { "input-page-aligned", 1 },
	[INPUT_WITHIN] = { "input-within", 4 },
	[INPUT_PROTOCOL_SUPPORTED] = { "input-protocol-supported", 1 },
	[INPUT_VTOM_QUERY] = { "input-vtom-query", 1 },
	[INPUT_SAME_PAGE] = { "input-same-page", 2 },
	[INPUT_2M_ALIGNED] = { "input-2m-aligned", 1 },
	[INPUT_APIC_ID_IS] = { "input-apic-id-is", 2 },
	[INPUT_8_ALIGNED] = { "input-8-aligned", 1 },
	[INPUT_LIST_COUNTS_OK] = { "input-list-counts-ok", 2 },
	[INPUT_LIST_PENDING] = { "input-list-pending", 2 },
	[INPUT_ENTRY_RESERVED_CLEAR] = { "input-entry-reserved-clear", 1 },
	[INPUT_ENTRY_SIZE_IS] = { "input-entry-size-is", 2 },
	[INPUT_ENTRY_FLAG] = { "input-entry-flag", 2 },
	[INPUT_ENTRY_PLAIN_4K] = { "input-entry-plain-4k", 1 },
};

static const char *const arg_names[INPUT_CHECK_ARGS] = { "guest", "k1", "k2", "k3" };

const char *input_spec_name(enum input_check check)
{
	return check < INPUT_CHECK_COUNT ? defuns[check].name : "?";
}

unsigned input_spec_arity(enum input_check check)
{
	return check < INPUT_CHECK_COUNT ? defuns[check].args : 0;
}

/* The file, then the constants, then one assertion per predicate, in enum order. */
static char *harness(struct input_spec *is)
{
	char path[1024];
	char *file = spec_file_text("inputs.smt2", path, sizeof(path));
	if (!file) {
		snprintf(is->error, sizeof(is->error), "cannot read %s", path);
		return NULL;
	}
	size_t cap = strlen(file) + 4096, len = strlen(file);
	char *text = realloc(file, cap);
	if (!text) {
		free(file);
		snprintf(is->error, sizeof(is->error), "out of memory");
		return NULL;
	}
	for (unsigned i = 0; i < INPUT_CHECK_ARGS; i++)
		len += (size_t)snprintf(text + len, cap - len, "\n(declare-const %s (_ BitVec 64))",
		                        arg_names[i]);
	for (unsigned c = 0; c < INPUT_CHECK_COUNT; c++) {
		len += (size_t)snprintf(text + len, cap - len, "\n(assert (%s", defuns[c].name);
		for (unsigned i = 0; i < defuns[c].args; i++)
			len += (size_t)snprintf(text + len, cap - len, " %s", arg_names[i]);
		len += (size_t)snprintf(text + len, cap - len, "))");
	}
	return text;
}

int input_spec_open(struct input_spec *is)
{
	memset(is, 0, sizeof(*is));
	char *text = harness(is);
	if (!text)
		return -1;
	Z3_config cfg = Z3_mk_config();
	is->ctx = Z3_mk_context(cfg);
	Z3_del_config(cfg);
	Z3_set_error_handler(is->ctx, NULL);
	Z3_ast_vector v = Z3_parse_smtlib2_string(is->ctx, text, 0, NULL, NULL, 0, NULL, NULL);
	free(text);
	if (Z3_get_error_code(is->ctx) != Z3_OK) {
		snprintf(is->error, sizeof(is->error), "specs/inputs.smt2: %s",
		         Z3_get_error_msg(is->ctx, Z3_get_error_code(is->ctx)));
		input_spec_close(is);
		return -1;
	}
	/* Held to the end: the terms got from it live as long as it does. */
	Z3_ast_vector_inc_ref(is->ctx, v);
	is->parsed = v;
	for (unsigned c = 0; c < INPUT_CHECK_COUNT; c++)
		is->applied[c] = Z3_ast_vector_get(is->ctx, v, c);
	Z3_sort bv64 = Z3_mk_bv_sort(is->ctx, 64);
	for (unsigned i = 0; i < INPUT_CHECK_ARGS; i++)
		is->arg[i] = Z3_mk_const(is->ctx, Z3_mk_string_symbol(is->ctx, arg_names[i]), bv64);
	return 0;
}

void input_spec_close(struct input_spec *is)
{
	if (is->parsed)
		Z3_ast_vector_dec_ref(is->ctx, is->parsed);
	if (is->ctx)
		Z3_del_context(is->ctx);
	is->ctx = NULL;
}

Z3_ast input_spec_apply(struct input_spec *is, enum input_check check,
                        const Z3_ast args[INPUT_CHECK_ARGS])
{
	return Z3_substitute(is->ctx, is->applied[check], INPUT_CHECK_ARGS, is->arg, args);
}

int input_spec_eval(struct input_spec *is, const struct input_note *n)
{
	Z3_sort bv64 = Z3_mk_bv_sort(is->ctx, 64);
	Z3_ast args[INPUT_CHECK_ARGS];
	for (unsigned i = 0; i < INPUT_CHECK_ARGS; i++)
		args[i] = Z3_mk_unsigned_int64(is->ctx, n->arg[i], bv64);
	Z3_ast v = Z3_simplify(is->ctx, input_spec_apply(is, n->which, args));
	switch (Z3_get_bool_value(is->ctx, v)) {
	case Z3_L_TRUE:
		return 1;
	case Z3_L_FALSE:
		return 0;
	default:
		return -1;
	}
}
