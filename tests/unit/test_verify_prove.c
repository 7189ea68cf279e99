/*
 * test_verify_prove.c: a finding proven, or shown not to be (verify's
 * prove.c), and reported from data (report.c).
 *
 * The verifier's own searches find only findings that replay, so the
 * spurious and unwritable cases are built here by hand: a guest's
 * QUERY_PROTOCOL call, expecting a clause its replay never fires, with
 * outcomes claimed for its steps that are not the ones the replay gets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../explorer/verify/verifier.h"

static void push(struct trace *t, struct trace_step st)
{
	assert_int_equal(trace_push(t, &st), 0);
}

/* The hypervisor writes eight zero bytes at addr. */
static struct trace_step hv_write(uint64_t addr)
{
	static uint8_t zero[8];
	struct trace_step st = { .action = T_HV_WRITE };
	st.mem.addr = addr;
	st.mem.bytes = zero;
	st.mem.len = sizeof(zero);
	return st;
}

/*
 * The finding: the call (the setup), then two steps of the module with a
 * hypervisor's move before the second. The claimed outcomes say every
 * HAL call failed with FAIL_INPUT.
 */
static struct finding *finding_with(struct trace_step move)
{
	struct finding *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	struct trace *t = &f->trace;
	t->vcpus = 1;
	struct trace_step call = { .action = T_CALL, .vcpu = 0 };
	call.call.protocol = SVSM_PROTO_CORE;
	call.call.call = SVSM_CORE_QUERY_PROTOCOL;
	call.call.args.rcx = SVSM_RAX(SVSM_PROTO_CORE, 1);
	push(t, call);
	f->path_start = t->n;
	push(t, (struct trace_step){ .action = T_STEP, .vcpu = 0 });
	push(t, move);
	push(t, (struct trace_step){ .action = T_STEP, .vcpu = 0 });
	snprintf(t->expect, sizeof(t->expect), "confidentiality");
	f->clause = CLAUSE_CONFIDENTIALITY;
	f->rebuilt = true;
	f->nsteps = 2;
	f->step = 1;
	for (unsigned j = 0; j < f->nsteps; j++) {
		f->path[j].vcpu = 0;
		f->path[j].ev.op = OP_PVALIDATE;
		f->path[j].ev.out = (struct hw_result){ .rc = HW_FAIL_INPUT };
	}
	return f;
}

/* What report_error prints for the finding and its proof. */
static char *report(const struct finding *f, const struct proof *p)
{
	struct verify_case_result r = { .verdict = VERDICT_ERROR, .proven = p->proven,
	                                .unwritten = p->unwritten };
	snprintf(r.clause, sizeof(r.clause), "%s", clause_row(f->clause)->name);
	snprintf(r.why, sizeof(r.why), "%s", p->why);
	char *text;
	size_t len;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	report_error(out, "query_protocol: by hand", &r, f, p);
	fclose(out);
	return text;
}

static char dir[] = "/tmp/test_verify_prove.XXXXXX";

/* The finding proven as the counterexample file dir/cex.lua (out). */
static void prove_in_dir(const struct finding *f, struct proof *p, char out[128])
{
	snprintf(out, 128, "%s/cex.lua", dir);
	prove_finding(f, out, 1, p);
}

/* The finding, its proof and their files gone. */
static void discard(struct finding *f, struct proof *p)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/cex.lua", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cex.json", dir);
	unlink(path);
	proof_free(p);
	finding_free(f);
	free(f);
}

static void spurious_finding_is_shown_beside_its_replay(void **state)
{
	(void)state;
	/* A hypervisor's write to a guest page: it happens, and changes nothing the call reads. */
	struct finding *f = finding_with(hv_write(0x30000));
	char out[128];
	struct proof p;
	prove_in_dir(f, &p, out);
	assert_false(p.unwritten);
	assert_false(p.proven);
	assert_string_equal(p.path, out);
	assert_true(access(out, R_OK) == 0);
	assert_true(p.replay_started);
	/* Two calls, the move between them: three rows, in the trace's order. */
	assert_int_equal(p.nrows, 3);
	assert_int_equal(p.rows[0].kind, ROW_STEP);
	assert_int_equal(p.rows[1].kind, ROW_MOVE);
	assert_int_equal(p.rows[2].kind, ROW_STEP);
	assert_int_equal(p.rows[2].step, 1);
	/* The claim is the path's; what the replay got is the real module's. */
	assert_non_null(strstr(p.rows[0].what, "vcpu0 pvalidate -> "));
	assert_string_not_equal(p.rows[0].got, "(not reached)");
	assert_null(strstr(p.rows[0].got, "pvalidate"));
	char *text = report(f, &p);
	assert_non_null(strstr(text, "error: invariant broken (spurious counterexample)"));
	assert_non_null(strstr(text, "a model of the path breaks it at step 1 (vCPU 0 pvalidate)"));
	assert_non_null(strstr(text, "WARNING: NOT PROVEN"));
	assert_non_null(strstr(text, "the path, as Z3's model forces it"));
	assert_non_null(strstr(text, "        hv write 0x30000\n"));
	assert_non_null(strstr(text, "    0 vcpu0 pvalidate -> "));
	assert_non_null(strstr(text, "svsmlab run "));
	free(text);
	discard(f, &p);
}

static void steps_after_a_move_that_cannot_happen_are_not_reached(void **state)
{
	(void)state;
	/* A write past the machine's memory: trace_apply refuses it. */
	struct finding *f = finding_with(hv_write(0x7fff0000));
	char out[128];
	struct proof p;
	prove_in_dir(f, &p, out);
	assert_false(p.proven);
	assert_int_equal(p.nrows, 3);
	assert_string_not_equal(p.rows[0].got, "(not reached)");
	assert_string_equal(p.rows[2].got, "(not reached)");
	discard(f, &p);
}

static void unwritable_finding_is_not_replayed(void **state)
{
	(void)state;
	struct finding *f = finding_with(hv_write(0x30000));
	struct proof p;
	prove_finding(f, "/nonexistent-dir/cex.lua", 1, &p);
	assert_true(p.unwritten);
	assert_false(p.proven);
	assert_string_equal(p.path, "");
	assert_int_equal(p.nrows, 0);
	assert_non_null(strstr(p.why, "cannot write /nonexistent-dir/cex.lua"));
	char *text = report(f, &p);
	assert_non_null(strstr(text, "(found; its counterexample could not be written)"));
	assert_non_null(strstr(text, "the counterexample could not be written: cannot write"));
	assert_null(strstr(text, "svsmlab run"));
	free(text);
	discard(f, &p);
}

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spurious_finding_is_shown_beside_its_replay),
		cmocka_unit_test(steps_after_a_move_that_cannot_happen_are_not_reached),
		cmocka_unit_test(unwritable_finding_is_not_replayed),
	};
	return cmocka_run_group_tests_name("verify_prove", tests, make_dir, remove_dir);
}
