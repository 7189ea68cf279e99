/*
 * test_gdb_stub.c: the stub's packet dispatch (explorer/gdb/) in process,
 * on the explorer's built-in attack: what gdb asks and what it is told,
 * malformed packets answered with errors, and random packets that must
 * neither crash it (this also runs under ASan) nor get a reply that
 * does not fit a packet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../explorer/demo/demo_trace.h"
#include "../../explorer/gdb/gdb.h"

static struct gdb g;

static int setup(void **state)
{
	const char *why = NULL;
	char err[128];
	(void)state;
	memset(&g, 0, sizeof(g));
	g.fd = -1;   /* console output goes nowhere */
	if (demo_trace(&g.t, SVSM_BUG_BIT(BUG_NO_ZERO_AFTER_VALIDATE), &why) != 0)
		return -1;
	return model_open(&g.m, &g.t, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	model_close(&g.m);
	trace_free(&g.t);
	return 0;
}

/* The reply to one packet. */
static const char *ask(const char *pkt)
{
	reply_reset(&g.out);
	reply_reset(&g.console);
	gdb_dispatch(&g, pkt, strlen(pkt));
	assert_false(g.out.full);
	assert_true(g.out.len < GDBPKT_MAX);
	return g.out.text;
}

static void the_stub_announces_reverse_execution_and_its_packet_size(void **state)
{
	(void)state;
	const char *r = ask("qSupported:multiprocess+;xmlRegisters=i386");
	assert_non_null(strstr(r, "PacketSize=1000"));
	assert_non_null(strstr(r, "ReverseStep+;ReverseContinue+"));
	assert_non_null(strstr(r, "QStartNoAckMode+"));
	assert_string_equal(ask("qfThreadInfo"), "m1");
	assert_string_equal(ask("qsThreadInfo"), "l");
	assert_string_equal(ask("vMustReplyEmpty"), "");
}

static void the_target_description_comes_in_pieces(void **state)
{
	static char xml[8192];
	size_t len = 0;
	(void)state;
	const char *r = ask("qXfer:features:read:target.xml:0,20");
	assert_int_equal(r[0], 'm');
	assert_int_equal(strlen(r), 1 + 0x20);
	/* gdb asks for more than fits: each piece is what fits, the last one 'l'. */
	for (;;) {
		char q[64];
		snprintf(q, sizeof(q), "qXfer:features:read:target.xml:%zx,ffff", len);
		r = ask(q);
		assert_true(r[0] == 'm' || r[0] == 'l');
		assert_true(len + strlen(r + 1) < sizeof(xml));
		memcpy(xml + len, r + 1, strlen(r + 1) + 1);
		len += strlen(r + 1);
		if (r[0] == 'l')
			break;
	}
	assert_non_null(strstr(xml, "<architecture>i386:x86-64</architecture>"));
	assert_non_null(strstr(xml, "name=\"rip\""));
	assert_non_null(strstr(xml, "name=\"cr3\""));
	assert_non_null(strstr(xml, "</target>"));
	assert_string_equal(ask("qXfer:features:read:target.xml:ffffff,10"), "l");
}

static void registers_are_the_vmsa_fields(void **state)
{
	(void)state;
	/* rip is register 16: 8 bytes, little-endian, from the VMSA. */
	const struct machine *mc = &g.m.s->m;
	uint64_t rip = vmsa_get(mc, mc->vcpu[0].vmsa_spa, VMSA_RIP, 8);
	char want[17];
	for (unsigned i = 0; i < 8; i++)
		snprintf(want + 2 * i, 3, "%02x", (unsigned)(rip >> (8 * i)) & 0xff);
	assert_string_equal(ask("p10"), want);
	assert_int_equal(strlen(ask("g")), 2 * (16 * 8 + 8 + 4 + 6 * 4 + 8 * 10 + 8 * 4 + 4 * 8));
}

static void malformed_packets_get_an_error(void **state)
{
	static const char *const bad[] = {
		"mzz,4", "m20020", "m20020,", "m,4", "m20020,4x", "mfffffffffffffffff,1",
		"M20020,4:zz", "M20020,4:0011", "M20020,2", "X20020,1:}", "X20020,5:ab",
		"Z2,20020", "Z2,20020,0", "Z2,20020,100000", "z2,20020,4", "p999", "pzz",
		"Hgzz", "Hg99", "T0", "T5", "qRcmd,6", "qRcmd,zz",
		"qXfer:features:read:target.xml:zz,10", "qXfer:features:read:other.xml:0,10",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *r = ask(bad[i]);
		if (r[0] != 'E')
			fail_msg("'%s' got '%s'", bad[i], r);
	}
	assert_int_equal(g.nwatch, 0);
	assert_int_equal(g.t.n, g.m.t->n);
}

static void memory_is_what_the_guest_may_read(void **state)
{
	(void)state;
	ask("bs");   /* to the start, whatever came before */
	while (strstr(ask("bc"), "replaylog:begin") == NULL)
		;
	/* The module's own pages are never the guest's to read. */
	assert_string_equal(ask("m0,4"), "E0e");
	/* A huge read is answered with what fits. */
	size_t n = strlen(ask("m20000,ffffffff"));
	assert_true(n > 0 && n < GDBPKT_MAX);
}

static void stepping_forwards_and_back_moves_the_cursor(void **state)
{
	(void)state;
	ask("bc");
	assert_int_equal(g.m.cursor, 0);
	assert_non_null(strstr(ask("bs"), "replaylog:begin"));
	assert_non_null(strstr(ask("s"), "T05thread:1;"));
	assert_int_equal(g.m.cursor, 1);
	ask("s");
	ask("bs");
	assert_int_equal(g.m.cursor, 1);
	/* Continue stops at the first failed check, then at the end. */
	ask("c");
	assert_true(g.m.info[g.m.cursor - 1].nviolations > 0);
	while (strstr(ask("c"), "replaylog:end") == NULL)
		;
	assert_int_equal(g.m.cursor, g.t.n);
}

static void a_watchpoint_stops_where_the_guest_view_changes(void **state)
{
	(void)state;
	ask("bc");
	assert_string_equal(ask("Z2,20020,6"), "OK");
	uint8_t before[6], after[6];
	size_t nb = gdb_mem_view(&g, 0x20020, before, 6);
	const char *r = ask("c");
	assert_non_null(strstr(r, "watch:20020;"));
	size_t na = gdb_mem_view(&g, 0x20020, after, 6);
	assert_true(na != nb || memcmp(before, after, na) != 0);
	/* One step back, the old view again, and the hit reported going backwards. */
	assert_non_null(strstr(ask("bs"), "watch:20020;"));
	na = gdb_mem_view(&g, 0x20020, after, 6);
	assert_int_equal(na, nb);
	assert_memory_equal(after, before, na);
	assert_string_equal(ask("z2,20020,6"), "OK");
	assert_string_equal(ask("z2,20020,6"), "E16");
}

static void random_packets_are_survived(void **state)
{
	static const char alphabet[] = "?qQHTgpmMXZzsbcDvk0123456789abcdefABCDEF,:;-}*#x";
	char pkt[64];
	(void)state;
	srand(7);
	for (unsigned i = 0; i < 20000; i++) {
		size_t n = 1 + (size_t)rand() % (sizeof(pkt) - 1);
		for (size_t k = 0; k < n; k++)
			pkt[k] = alphabet[(size_t)rand() % (sizeof(alphabet) - 1)];
		pkt[n] = '\0';
		/* Not the ones that end the session or replay whole traces each time. */
		if (pkt[0] == 'D' || pkt[0] == 'k' || pkt[0] == 'c' || pkt[0] == 'b' || pkt[0] == 'M' ||
		    pkt[0] == 'X')
			pkt[0] = 'm';
		ask(pkt);
		g.done = false;
		assert_true(g.m.cursor <= g.t.n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_stub_announces_reverse_execution_and_its_packet_size),
		cmocka_unit_test(the_target_description_comes_in_pieces),
		cmocka_unit_test(registers_are_the_vmsa_fields),
		cmocka_unit_test(malformed_packets_get_an_error),
		cmocka_unit_test(memory_is_what_the_guest_may_read),
		cmocka_unit_test(stepping_forwards_and_back_moves_the_cursor),
		cmocka_unit_test(a_watchpoint_stops_where_the_guest_view_changes),
		cmocka_unit_test(random_packets_are_survived),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
