/*
 * test_lua_trace.c: trace files read back (explorer/luadata/trace_load.c) and
 * events printed (explorer/trace/print.c).
 */
#include <unistd.h>

#include "sim_fixture.h"
#include "../../explorer/luadata/trace_load.h"

/* A file holding text; its path is written to path[]. */
static void write_temp(char path[32], const char *text)
{
	strcpy(path, "/tmp/svsmlab-trace-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

/* Load text as a trace file; returns trace_load's result, the message in err. */
static int load_text(const char *text, struct trace *t, char *err, size_t errlen)
{
	char path[32];
	write_temp(path, text);
	int rc = trace_load(path, t, err, errlen);
	unlink(path);
	return rc;
}

static const char *const guest_only =
	"return {\n"
	"  format = \"svsmlab-trace/1\",\n"
	"  machine = { pages = 80, vcpus = 2, guest_vmpl = 2, bugs = { \"pvalidate-cf-lost\" } },\n"
	"  steps = {\n"
	"    { \"guest\", \"write\", gpa = 0x9000, bytes = \"\\001\\000\\000\\000\" },\n"
	"    { \"guest\", \"call\", vcpu = 1, protocol = \"core\", call = \"pvalidate\", rcx = 0x9000 },\n"
	"    { \"module\", \"step\", vcpu = 1 },\n"
	"    { \"guest\", \"finish\", vcpu = 1 },\n"
	"    { \"guest\", \"psc\", gpa = 0x20000, op = \"shared\" },\n"
	"    { \"guest\", \"read\", gpa = 0x20000, len = 8 },\n"
	"  },\n"
	"  expect = { violation = \"pvalidate-reports-unchanged\" },\n"
	"}\n";

static void a_guest_only_trace_loads_with_every_field(void **state)
{
	(void)state;
	struct trace t;
	char err[256] = "";
	assert_int_equal(load_text(guest_only, &t, err, sizeof(err)), 0);
	assert_int_equal(t.cfg.machine.pages, 80);
	assert_int_equal(t.vcpus, 2);
	assert_int_equal(t.cfg.machine.guest_vmpl, 2);
	assert_int_equal(t.cfg.bugs, SVSM_BUG_BIT(BUG_PVALIDATE_CF_LOST));
	assert_string_equal(t.expect, "pvalidate-reports-unchanged");
	assert_int_equal(t.n, 6);
	assert_int_equal(t.steps[0].action, T_WRITE);
	assert_int_equal(t.steps[0].mem.addr, 0x9000);
	assert_int_equal(t.steps[0].mem.len, 4);
	assert_memory_equal(t.steps[0].mem.bytes, "\1\0\0\0", 4);
	assert_int_equal(t.steps[1].action, T_CALL);
	assert_int_equal(t.steps[1].vcpu, 1);
	assert_int_equal(t.steps[1].call.protocol, SVSM_PROTO_CORE);
	assert_int_equal(t.steps[1].call.call, SVSM_CORE_PVALIDATE);
	assert_int_equal(t.steps[1].call.args.rcx, 0x9000);
	assert_int_equal(t.steps[1].call.args.rdx, 0);
	assert_int_equal(t.steps[2].action, T_STEP);
	assert_int_equal(t.steps[3].action, T_FINISH);
	assert_int_equal(t.steps[4].psc.op, GHCB_PSC_SHARED);
	assert_int_equal(t.steps[4].vcpu, 0);
	assert_int_equal(t.steps[5].mem.len, 8);
	trace_free(&t);
}

/* What trace_write_lua writes, trace_load reads back step for step. */
static void a_written_trace_reads_back_the_same(void **state)
{
	(void)state;
	static const uint8_t bytes[] = { 0, 1, '"', '\\', 0xff, 'x' };
	struct trace t = { .cfg = { .machine = { .pages = 64 }, .bugs = 0 }, .vcpus = 1 };
	struct trace_step steps[] = {
		{ .action = T_WRITE, .mem = { 0x9000, (uint8_t *)bytes, sizeof(bytes) } },
		{ .action = T_CALL, .call = { 0, 6, { .rcx = 1ull << 32 | 1, .r9 = ~0ull } } },
		{ .action = T_RMPUPDATE, .rmpupdate = { 0x1000, { .assigned = true, .asid = 1,
		                                                  .gpa = 0x20000, .immutable = true } } },
		{ .action = T_PSMASH, .map = { .spa = 0x200000 } },
		{ .action = T_MAP, .map = { 0x20000, 0x1000 } },
		{ .action = T_UNMAP, .map = { .gpa = 0x21000 } },
		{ .action = T_HV_WRITE, .mem = { 0x3000, (uint8_t *)bytes, 3 } },
		{ .action = T_HV_READ, .mem = { 0x3000, NULL, 16 } },
		{ .action = T_START_VCPU, .vcpu = 2, .start = { 0x3e000, 0x3f000 } },
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		assert_int_equal(trace_push(&t, &steps[i]), 0);
	snprintf(t.expect, sizeof(t.expect), "confidentiality");

	char path[32];
	write_temp(path, "");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	trace_write_lua(f, &t);
	fclose(f);
	struct trace back;
	char err[256] = "";
	int rc = trace_load(path, &back, err, sizeof(err));
	unlink(path);
	if (rc != 0)
		fail_msg("%s", err);
	assert_int_equal(back.n, t.n);
	assert_string_equal(back.expect, "confidentiality");
	for (size_t i = 0; i < t.n; i++) {
		const struct trace_step *a = &t.steps[i], *b = &back.steps[i];
		assert_int_equal(a->action, b->action);
		assert_int_equal(a->vcpu, b->vcpu);
		if (has_bytes_field(a->action)) {
			assert_int_equal(a->mem.addr, b->mem.addr);
			assert_int_equal(a->mem.len, b->mem.len);
			assert_memory_equal(a->mem.bytes, b->mem.bytes, a->mem.len);
		}
	}
	assert_int_equal(back.steps[1].call.args.r9, ~0ull);
	assert_true(back.steps[2].rmpupdate.u.immutable);
	assert_int_equal(back.steps[2].rmpupdate.u.gpa, 0x20000);
	assert_int_equal(back.steps[3].map.spa, 0x200000);
	assert_int_equal(back.steps[4].map.spa, 0x1000);
	assert_int_equal(back.steps[7].mem.len, 16);
	assert_int_equal(back.steps[8].start.caa, 0x3f000);
	trace_free(&back);
	trace_free(&t);
}

/* A malformed trace is refused with a message naming the step and what is wrong. */
static void expect_refused(const char *steps, const char *where, const char *what)
{
	char text[1024], err[400] = "";
	snprintf(text, sizeof(text), "return { format = \"svsmlab-trace/1\", steps = { %s } }", steps);
	struct trace t;
	assert_int_equal(load_text(text, &t, err, sizeof(err)), -1);
	assert_int_equal(t.n, 0);
	if (!strstr(err, where) || !strstr(err, what))
		fail_msg("for %s: got '%s', want '%s' and '%s'", steps, err, where, what);
}

static void malformed_steps_are_refused_naming_the_step(void **state)
{
	(void)state;
	expect_refused("{ \"module\", \"step\" }, { \"vm\", \"call\" }", "step 2", "unknown actor 'vm'");
	expect_refused("{ \"hv\", \"vmrun\" }", "step 1", "unknown action 'hv vmrun'");
	expect_refused("{ \"guest\", \"write\", gpa = 0x9000 }", "step 1 (guest write)",
	               "field 'bytes' is missing");
	expect_refused("{ \"guest\", \"read\", gpa = \"0x9000\", len = 1 }", "step 1 (guest read)",
	               "field 'gpa' must be an integer");
	expect_refused("{ \"hv\", \"rmpupdate\", spa = 0, assigned = false, size = \"3m\" }",
	               "step 1 (hv rmpupdate)", "field 'size' must be \"4k\" or \"2m\"");
	expect_refused("{ \"hv\", \"rmpupdate\", spa = 0, assigned = true, gpa = 0 }",
	               "step 1 (hv rmpupdate)", "field 'asid' is missing");
	expect_refused("{ \"hv\", \"map\", gpa = 0x20000, spa = 0x1000, sap = 1 }",
	               "step 1 (hv map)", "unknown field 'sap'");
	expect_refused("{ \"guest\", \"psc\", gpa = 0x20001, op = \"shared\" }", "step 1 (guest psc)",
	               "must be page-aligned");
	expect_refused("{ \"module\", \"step\", vcpu = 9 }", "step 1 (module step)",
	               "field 'vcpu' must be an integer from 0 to 7");
	expect_refused("{ \"guest\", \"call\", protocol = 0, call = \"frob\" }", "step 1 (guest call)",
	               "unknown call 'frob'");
	expect_refused("{ \"guest\", \"start_vcpu\", vmsa = 0x3e000, caa = 0x3f000 }",
	               "step 1 (guest start_vcpu)", "field 'vcpu' is missing");
	expect_refused("42", "step 1", "must be a table");
}

static void malformed_files_are_refused(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "return {", "unexpected symbol" },
		{ "return 5", "the trace: must be a table" },
		{ "return { format = \"svsmlab-trace/2\", steps = {} }", "format must be" },
		{ "return { format = \"svsmlab-trace/1\" }", "steps: must be a list" },
		{ "return { format = \"svsmlab-trace/1\", steps = {}, extra = 1 }", "unknown field 'extra'" },
		{ "return { format = \"svsmlab-trace/1\", steps = {}, machine = { bugs = { \"x\" } } }",
		  "machine: bugs[1]: unknown bug 'x'" },
		{ "return { format = \"svsmlab-trace/1\", steps = {}, expect = { violation = \"x\" } }",
		  "expect: unknown clause 'x'" },
		{ "while true do end", "runs too long" },
		{ "return os.exit(3)", "attempt to index a nil value" },   /* no libraries */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct trace t;
		char err[400] = "";
		assert_int_equal(load_text(cases[i].text, &t, err, sizeof(err)), -1);
		if (!strstr(err, cases[i].want))
			fail_msg("for '%s': got '%s', want '%s'", cases[i].text, err, cases[i].want);
	}
	struct trace t;
	char err[400] = "";
	assert_int_equal(trace_load("/nonexistent/trace.lua", &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot open"));
}

/* One line per event: step, actor, vCPU, operation, arguments, outcome, call site. */
static void events_print_as_one_readable_line(void **state)
{
	(void)state;
	struct sim_event ev = {
		.step = 42, .actor = ACTOR_MODULE, .vcpu = 0, .op = OP_RMPADJUST,
		.args = { 0x20000, PSIZE_4K, RMPADJUST_ATTRS(1, PERM_ALL) },
		.site = { "svsm/core/validate.c", 109, "rmpadjust(...)" },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	trace_print_event(out, &ev);
	ev.out = (struct hw_result){ .fault = FAULT_VC, .code = VC_PAGE_NOT_VALIDATED };
	trace_print_event(out, &ev);
	struct sim_event hv = { .step = 7, .actor = ACTOR_HV, .op = OP_HV_RMPUPDATE,
	                        .args = { 0x1000, 0x20000, 1 | 1 << 8 }, .out = { .rc = 2 } };
	trace_print_event(out, &hv);
	struct sim_event res = { .step = 8, .actor = ACTOR_GUEST, .op = OP_GUEST_RESULT,
	                         .args = { SVSM_ERR_INVALID_PARAMETER }, .out = { .rc = 1 } };
	trace_print_event(out, &res);
	fclose(out);
	char *line2 = strchr(buf, '\n') + 1, *line3 = strchr(line2, '\n') + 1;
	char *line4 = strchr(line3, '\n') + 1;
	assert_non_null(strstr(buf, "   42 module vcpu0 rmpadjust  gpa=0x20000 size=4k attrs=0x0f01 -> ok "));
	assert_non_null(strstr(buf, "svsm/core/validate.c:109\n"));
	assert_non_null(strstr(line2, "-> #VC 0x404"));
	assert_non_null(strstr(line3, "hv"));
	assert_non_null(strstr(line3, "rmpupdate  spa=0x1000 gpa=0x20000 flags=assigned,asid=1,4k -> rc=2\n"));
	assert_non_null(strstr(line4, "rax=0x80000005 (ERR_INVALID_PARAMETER)"));
	assert_non_null(strstr(line4, "-> served"));
	free(buf);
}

static void svsm_numbers_have_names(void **state)
{
	(void)state;
	assert_string_equal(trace_call_name(SVSM_PROTO_CORE, SVSM_CORE_CREATE_VCPU), "create_vcpu");
	assert_null(trace_call_name(SVSM_PROTO_CORE, SVSM_CORE_NCALLS));
	assert_null(trace_call_name(SVSM_PROTO_ATTEST, 0));
	assert_string_equal(trace_protocol_name(SVSM_PROTO_CORE), "core");
	assert_string_equal(trace_result_name(SVSM_PVALIDATE_FAIL_UNCHANGED), "PVALIDATE_FAIL_UNCHANGED");
	assert_null(trace_result_name(0x1234));
	/* Every op has a name for each argument the simulator records. */
	for (unsigned op = 0; op < OP_COUNT; op++)
		assert_non_null(trace_event_args(op)[0].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_guest_only_trace_loads_with_every_field),
		cmocka_unit_test(a_written_trace_reads_back_the_same),
		cmocka_unit_test(malformed_steps_are_refused_naming_the_step),
		cmocka_unit_test(malformed_files_are_refused),
		cmocka_unit_test(events_print_as_one_readable_line),
		cmocka_unit_test(svsm_numbers_have_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
