/*
 * test_gdbregs.c: the register table and target description both gdb
 * stubs share (svsm/lib/gdbregs.c): what each description names and in
 * which order, the register encoding, and the qXfer reply that hands the
 * description out in pieces, with hostile offsets, lengths and annexes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../svsm/lib/gdbpkt.h"
#include "../../svsm/lib/gdbregs.h"

static char xml[GDBREGS_XML_MAX + 1];

static size_t describe(unsigned nregs)
{
	size_t n = gdbregs_xml(nregs, xml, GDBREGS_XML_MAX);
	assert_true(n > 0);
	xml[n] = '\0';
	return n;
}

static unsigned count(const char *s, const char *what)
{
	unsigned n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

/* `<reg name="NAME" ... regnum="N"/>` is there, with that number. */
static void has_register(const char *name, unsigned regnum)
{
	char want[64];
	snprintf(want, sizeof(want), "<reg name=\"%s\" ", name);
	const char *r = strstr(xml, want);
	if (r == NULL)
		fail_msg("no register %s in:\n%s", name, xml);
	snprintf(want, sizeof(want), "regnum=\"%u\"/>", regnum);
	assert_ptr_equal(strstr(r, want), strstr(r, "regnum="));
}

static void the_core_description_is_what_gdb_requires(void **state)
{
	(void)state;
	describe(GDBREG_CORE);
	assert_non_null(strstr(xml, "<architecture>i386:x86-64</architecture>"));
	assert_int_equal(count(xml, "<feature "), 1);
	assert_non_null(strstr(xml, "<feature name=\"org.gnu.gdb.i386.core\">"));
	assert_int_equal(count(xml, "<reg "), GDBREG_CORE);
	has_register("rax", 0);
	has_register("rip", 16);
	has_register("eflags", 17);
	has_register("gs", 23);
	has_register("st0", 24);
	has_register("fop", 39);
	assert_null(strstr(xml, "cr3"));
	assert_non_null(strstr(xml, "name=\"st7\" bitsize=\"80\" type=\"i387_ext\""));
	assert_non_null(strstr(xml, "</feature>\n</target>\n"));
}

static void the_whole_description_adds_the_vmsa_control_registers(void **state)
{
	(void)state;
	describe(GDBREG_ALL);
	assert_int_equal(count(xml, "<reg "), GDBREG_ALL);
	assert_int_equal(count(xml, "</feature>"), 2);
	assert_non_null(strstr(xml, "<feature name=\"org.svsmlab.vmsa\">\n<reg name=\"cr0\" "));
	has_register("cr3", 41);
	has_register("efer", 43);
}

static void a_description_that_does_not_fit_is_not_cut(void **state)
{
	(void)state;
	size_t n = describe(GDBREG_ALL);
	assert_int_equal(gdbregs_xml(GDBREG_ALL, xml, n - 1), 0);
	assert_int_equal(gdbregs_xml(GDBREG_ALL, xml, 0), 0);
	assert_int_equal(gdbregs_xml(GDBREG_ALL + 1, xml, sizeof(xml)), 0);
}

static void registers_are_little_endian_or_unavailable(void **state)
{
	char hex[32];
	(void)state;
	assert_int_equal(gdbreg_hex(GDBREG_RIP, 0x40100250, true, hex, sizeof(hex)), 16);
	assert_memory_equal(hex, "5002104000000000", 16);
	assert_int_equal(gdbreg_hex(GDBREG_EFLAGS, 0x10202, true, hex, sizeof(hex)), 8);
	assert_memory_equal(hex, "02020100", 8);
	assert_int_equal(gdbreg_hex(GDBREG_ST0, 0x1, true, hex, sizeof(hex)), 20);
	assert_memory_equal(hex, "01000000000000000000", 20);
	assert_int_equal(gdbreg_hex(GDBREG_DS, 0x1, false, hex, sizeof(hex)), 8);
	assert_memory_equal(hex, "xxxxxxxx", 8);
	assert_int_equal(gdbreg_hex(GDBREG_RAX, 0, true, hex, 15), 0);
	assert_int_equal(gdbreg_hex(GDBREG_ALL, 0, true, hex, sizeof(hex)), 0);
}

/* The reply to "qXfer:features:read:" + req for the description d, into out (cap bytes). */
static size_t xfer(const char *d, const char *req, char *out, size_t cap)
{
	size_t n = gdbregs_xfer(d, strlen(d), req, req + strlen(req), out, cap);
	assert_true(n > 0 && n <= cap);
	return n;
}

/* Read d whole, in pieces of at most len bytes each, through replies of cap bytes. */
static void read_whole(const char *d, uint64_t len, size_t cap)
{
	char got[GDBREGS_XML_MAX], out[GDBPKT_MAX], req[64];
	size_t have = 0;
	for (;;) {
		snprintf(req, sizeof(req), "target.xml:%zx,%llx", have, (unsigned long long)len);
		size_t n = xfer(d, req, out, cap);
		assert_true(out[0] == 'm' || out[0] == 'l');
		long u = gdbpkt_unescape(out + 1, n - 1, (uint8_t *)got + have, sizeof(got) - have);
		assert_true(u >= 0 && (uint64_t)u <= len);
		have += (size_t)u;
		if (out[0] == 'l')
			break;
		assert_true(u > 0);   /* 'm' always moves on */
	}
	assert_int_equal(have, strlen(d));
	assert_memory_equal(got, d, have);
}

static void the_description_comes_in_pieces(void **state)
{
	(void)state;
	describe(GDBREG_ALL);
	read_whole(xml, 0xffff, GDBPKT_MAX);
	read_whole(xml, 0x20, GDBPKT_MAX);
	read_whole(xml, 1, GDBPKT_MAX);
	read_whole(xml, 0xffff, 7);
	/* Bytes the protocol escapes are escaped, and an escape is never split. */
	read_whole("a#b$c}d*e", 0xffff, 3);
	read_whole("a#b$c}d*e", 2, GDBPKT_MAX);

	char out[64];
	size_t n = xfer("<target/>", "target.xml:0,4", out, sizeof(out));
	assert_memory_equal(out, "m<tar", n);
	n = xfer("<target/>", "target.xml:4,ff", out, sizeof(out));
	assert_memory_equal(out, "lget/>", n);
	n = xfer("<target/>", "target.xml:9,ff", out, sizeof(out));
	assert_memory_equal(out, "l", n);
	n = xfer("<target/>", "target.xml:ffffffffffffffff,ff", out, sizeof(out));
	assert_memory_equal(out, "l", n);
}

static void a_bad_request_gets_an_error(void **state)
{
	static const char *const malformed[] = {
		"target.xml:", "target.xml:zz,10", "target.xml:0", "target.xml:0,", "target.xml:,1",
		"target.xml:0,1x", "target.xml:0,10000000000000000", "target.xml:0;1",
	};
	char out[16];
	(void)state;
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		size_t n = xfer("<target/>", malformed[i], out, sizeof(out));
		if (n != 3 || memcmp(out, "E16", 3) != 0)
			fail_msg("'%s' got '%.*s'", malformed[i], (int)n, out);
	}
	size_t n = xfer("<target/>", "other.xml:0,10", out, sizeof(out));
	assert_memory_equal(out, "E00", n);
	n = xfer("<target/>", "target.xm", out, sizeof(out));
	assert_memory_equal(out, "E00", n);
}

static void random_requests_never_overrun_the_reply(void **state)
{
	char req[48], out[24 + 1];
	(void)state;
	describe(GDBREG_ALL);
	srand(15);
	for (unsigned k = 0; k < 20000; k++) {
		size_t len = (size_t)rand() % sizeof(req);
		memcpy(req, "target.xml:", 11);
		for (size_t i = rand() % 2 ? 11 : 0; i < len; i++)
			req[i] = "0123456789abcdefx,:;"[rand() % 20];
		size_t cap = 4 + (size_t)rand() % 20;
		out[cap] = '@';
		size_t n = gdbregs_xfer(xml, strlen(xml), req, req + len, out, cap);
		assert_true(n > 0 && n <= cap);
		assert_int_equal(out[cap], '@');
		assert_true(out[0] == 'm' || out[0] == 'l' || out[0] == 'E');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_core_description_is_what_gdb_requires),
		cmocka_unit_test(the_whole_description_adds_the_vmsa_control_registers),
		cmocka_unit_test(a_description_that_does_not_fit_is_not_cut),
		cmocka_unit_test(registers_are_little_endian_or_unavailable),
		cmocka_unit_test(the_description_comes_in_pieces),
		cmocka_unit_test(a_bad_request_gets_an_error),
		cmocka_unit_test(random_requests_never_overrun_the_reply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
