/*
 * gdbregs.c: the register table both stubs describe, its target.xml,
 * and the qXfer reply that hands it to gdb in pieces (gdbregs.h). No C
 * library: the text is put together by hand.
 */
#include "gdbpkt.h"
#include "gdbregs.h"

struct reg {
	const char *name;
	unsigned bytes;
	const char *type;   /* gdb's predefined type names */
};

#define GPR(n) { n, 8, "int64" }
#define SEL(n) { n, 4, "int32" }
#define ST(n) { n, 10, "i387_ext" }
#define FPU(n) { n, 4, "int" }

static const struct reg regs[GDBREG_ALL] = {
	GPR("rax"), GPR("rbx"), GPR("rcx"), GPR("rdx"), GPR("rsi"), GPR("rdi"),
	{ "rbp", 8, "data_ptr" }, { "rsp", 8, "data_ptr" },
	GPR("r8"), GPR("r9"), GPR("r10"), GPR("r11"), GPR("r12"), GPR("r13"), GPR("r14"), GPR("r15"),
	{ "rip", 8, "code_ptr" }, { "eflags", 4, "int32" },
	SEL("cs"), SEL("ss"), SEL("ds"), SEL("es"), SEL("fs"), SEL("gs"),
	ST("st0"), ST("st1"), ST("st2"), ST("st3"), ST("st4"), ST("st5"), ST("st6"), ST("st7"),
	FPU("fctrl"), FPU("fstat"), FPU("ftag"), FPU("fiseg"), FPU("fioff"), FPU("foseg"),
	FPU("fooff"), FPU("fop"),
	GPR("cr0"), GPR("cr3"), GPR("cr4"), GPR("efer"),
};

unsigned gdbreg_bytes(unsigned n)
{
	return n < GDBREG_ALL ? regs[n].bytes : 0;
}

size_t gdbreg_hex(unsigned n, uint64_t v, bool available, char *out, size_t cap)
{
	unsigned bytes = gdbreg_bytes(n);
	if (bytes == 0 || cap < 2 * (size_t)bytes)
		return 0;
	uint8_t b[10] = { 0 };   /* the largest register */
	for (unsigned i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	if (available)
		return gdbpkt_hex_encode(b, bytes, out, cap);
	for (unsigned i = 0; i < 2 * bytes; i++)
		out[i] = 'x';
	return 2 * (size_t)bytes;
}

/* --- the description ------------------------------------------------------ */

/* Text appended within a buffer; ok turns false, for good, at the first that does not fit. */
struct text {
	char *out;
	size_t cap, len;
	bool ok;
};

static void put(struct text *t, const char *s)
{
	for (; *s && t->ok; s++) {
		if (t->len >= t->cap)
			t->ok = false;
		else
			t->out[t->len++] = *s;
	}
}

static void put_decimal(struct text *t, unsigned v)
{
	char digits[10];
	unsigned n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	char s[2] = { 0 };
	while (n > 0) {
		s[0] = digits[--n];
		put(t, s);
	}
}

size_t gdbregs_xml(unsigned nregs, char *out, size_t cap)
{
	struct text t = { out, cap, 0, nregs <= GDBREG_ALL };
	put(&t, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
	        "<target version=\"1.0\">\n<architecture>i386:x86-64</architecture>\n"
	        "<feature name=\"org.gnu.gdb.i386.core\">\n");
	for (unsigned i = 0; i < nregs && t.ok; i++) {
		if (i == GDBREG_CORE)
			put(&t, "</feature>\n<feature name=\"org.svsmlab.vmsa\">\n");
		put(&t, "<reg name=\"");
		put(&t, regs[i].name);
		put(&t, "\" bitsize=\"");
		put_decimal(&t, 8 * regs[i].bytes);
		put(&t, "\" type=\"");
		put(&t, regs[i].type);
		put(&t, "\" regnum=\"");
		put_decimal(&t, i);
		put(&t, "\"/>\n");
	}
	put(&t, "</feature>\n</target>\n");
	return t.ok ? t.len : 0;   /* never half of it */
}

/* --- qXfer:features:read ---------------------------------------------------- */

static bool eat(const char **p, const char *end, const char *word)
{
	const char *s = *p;
	for (; *word; word++, s++)
		if (s >= end || *s != *word)
			return false;
	*p = s;
	return true;
}

/* An error reply, "Enn", into out. */
static size_t error(char *out, size_t cap, const char *code)
{
	struct text t = { out, cap, 0, true };
	put(&t, code);
	return t.ok ? t.len : 0;
}

size_t gdbregs_xfer(const char *xml, size_t xml_len, const char *p, const char *end,
                    char *out, size_t cap)
{
	uint64_t off, len;
	if (!eat(&p, end, "target.xml:"))
		return error(out, cap, "E00");   /* the protocol's "annex invalid" */
	if (!gdbpkt_parse_hex(&p, end, &off) || !eat(&p, end, ",") ||
	    !gdbpkt_parse_hex(&p, end, &len) || p != end)
		return error(out, cap, "E16");
	if (cap < 2)
		return 0;
	size_t o = 1, i = off < xml_len ? (size_t)off : xml_len;
	/* As many bytes as gdb asked for and fit once escaped: gdb asks again for the rest. */
	for (; i < xml_len && len > 0; i++, len--) {
		long n = gdbpkt_escape((const uint8_t *)xml + i, 1, out + o, cap - o);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	out[0] = i < xml_len ? 'm' : 'l';
	return o;
}
