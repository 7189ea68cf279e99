/*
 * symbolic_path.c: a run's path condition, as symbolic.h describes it:
 * recorded, attributed to the guest's registers, compared, and put in
 * words for its case's title.
 */
#include <stdio.h>
#include <string.h>

#include "symbolic.h"
#include "../../svsm/abi.h"

const char *sym_reg_name(bool list, unsigned r)
{
	static const char *const regs[SYM_MAX_REGS] = { "rcx", "rdx", "r8" };
	static const char *const words[SYM_MAX_REGS] = { "rcx", "header", "entry" };
	return r < SYM_MAX_REGS ? (list ? words : regs)[r] : "?";
}

void sym_hear(void *ctx, const struct input_note *n)
{
	struct sym_path *p = ctx;
	if (p->len == SYM_MAX_NOTES)
		p->overflow = true;
	else
		p->n[p->len++] = *n;
}

/* The first register other than not holding v, or -1. */
static int reg_holding(const struct sym_path *p, uint64_t v, int not)
{
	for (unsigned r = 0; r < p->nregs; r++)
		if ((int)r != not && p->reg[r] == v)
			return (int)r;
	return -1;
}

int sym_list_role(const struct input_note *n)
{
	if (n->lookup)
		return -1;
	switch (n->which) {
	case INPUT_LIST_COUNTS_OK:
	case INPUT_LIST_PENDING:
		return 1;
	case INPUT_ENTRY_RESERVED_CLEAR:
	case INPUT_ENTRY_SIZE_IS:
	case INPUT_ENTRY_FLAG:
	case INPUT_ENTRY_PLAIN_4K:
		return 2;
	default:
		return -1;
	}
}

/* Input r (or SYM_ENTRY_PAGE) if it holds v, else -1: a constant. */
static int list_word(const struct sym_path *p, int r, uint64_t v)
{
	uint64_t w = r == SYM_ENTRY_PAGE ? p->reg[2] & ~(uint64_t)(PAGE_SIZE - 1) : p->reg[r];
	return w == v ? r : -1;
}

/* A list path's call n, by role (symbolic.h): RCX, the header, the entry, or its page. */
static int list_arg(const struct sym_path *p, const struct input_note *n, unsigned a)
{
	int role = sym_list_role(n);
	/* The list's address beside its header, or an entry's page against the list's; else a constant. */
	if (a == 1)
		return !n->lookup && (n->which == INPUT_LIST_COUNTS_OK || n->which == INPUT_SAME_PAGE)
		               ? list_word(p, 0, n->arg[1]) : -1;
	if (a != 0)
		return -1;
	if (role >= 0)
		return list_word(p, role, n->arg[0]);
	for (const struct input_note *m = p->n; m < n; m++)
		if (sym_list_role(m) == 2)
			return list_word(p, SYM_ENTRY_PAGE, n->arg[0]);
	return list_word(p, 0, n->arg[0]);
}

int sym_arg_reg(const struct sym_path *p, const struct input_note *n, unsigned a)
{
	if (p->list)
		return list_arg(p, n, a);
	int first = reg_holding(p, n->arg[0], -1);
	if (a == 0)
		return first;
	/* A second guest value: input_same_page of two registers; never a lookup's length. */
	if (a == 1 && !n->lookup && n->which == INPUT_SAME_PAGE && first >= 0)
		return reg_holding(p, n->arg[1], first);
	return -1;
}

bool sym_same_note(const struct sym_path *p, const struct sym_path *q, unsigned i)
{
	const struct input_note *a = &p->n[i], *b = &q->n[i];
	if (a->lookup != b->lookup || a->which != b->which || a->result != b->result)
		return false;
	for (unsigned k = 0; k < INPUT_CHECK_ARGS; k++) {
		int ra = sym_arg_reg(p, a, k);
		if (ra != sym_arg_reg(q, b, k) || (ra < 0 && a->arg[k] != b->arg[k]))
			return false;
	}
	return true;
}

bool sym_same_prefix(const struct sym_path *p, const struct sym_path *q, unsigned n)
{
	if (p->tie != q->tie || p->len < n || q->len < n)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (!sym_same_note(p, q, i))
			return false;
	return true;
}

/* One call about a register in words: "misaligned", "in 0x8000+0x38000", "!=page 0x2000". */
static void note_words(const struct sym_path *p, const struct input_note *n, char *buf,
                       size_t len)
{
	static const char *const checks[INPUT_CHECK_COUNT][2] = {
		[INPUT_PAGE_ALIGNED] = { "misaligned", "aligned" },
		[INPUT_PROTOCOL_SUPPORTED] = { "not core v1", "core v1" },
		[INPUT_VTOM_QUERY] = { "not a query", "a query" },
		[INPUT_2M_ALIGNED] = { "not 2M-aligned", "2M-aligned" },
		[INPUT_8_ALIGNED] = { "not 8-aligned", "8-aligned" },
		[INPUT_LIST_COUNTS_OK] = { "counts refused", "counts fit" },
		[INPUT_ENTRY_RESERVED_CLEAR] = { "reserved bits set", "reserved clear" },
		[INPUT_ENTRY_PLAIN_4K] = { "not plain 4K", "plain 4K" },
	};
	static const char *const lookups[INPUT_LOOKUP_COUNT][3] = {
		[LOOKUP_VALIDATED] = { "not validated", "partly validated", "validated" },
		[LOOKUP_POOL] = { "unpooled", "pooled" },
		[LOOKUP_READABLE] = { "unreadable", "readable" },
	};
	int other = sym_arg_reg(p, n, 1);
	unsigned long long k = n->arg[1];
	if (!n->lookup && n->which == INPUT_LIST_PENDING)
		snprintf(buf, len, "%snext+%llu", n->result ? "" : "no ", k);
	else if (!n->lookup && n->which == INPUT_ENTRY_SIZE_IS)
		snprintf(buf, len, "size%s%llu", n->result ? "=" : "!=", k);
	else if (!n->lookup && n->which == INPUT_ENTRY_FLAG && k == PVENTRY_VALIDATE)
		snprintf(buf, len, "%s", n->result ? "validate" : "rescind");
	else if (!n->lookup && n->which == INPUT_ENTRY_FLAG && k == PVENTRY_IGNORE_CF)
		snprintf(buf, len, "%s", n->result ? "ignore_cf" : "cf counts");
	else if (!n->lookup && n->which == INPUT_ENTRY_FLAG)
		snprintf(buf, len, "%s 0x%llx", n->result ? "has" : "lacks", k);
	else if (!n->lookup && n->which == INPUT_WITHIN)
		snprintf(buf, len, "%sin 0x%llx+0x%llx", n->result ? "" : "not ",
		         (unsigned long long)n->arg[2], (unsigned long long)n->arg[3]);
	else if (!n->lookup && n->which == INPUT_SAME_PAGE && other >= 0)
		snprintf(buf, len, "%spage of %s", n->result ? "=" : "!=", sym_reg_name(p->list, (unsigned)other));
	else if (!n->lookup && (n->which == INPUT_SAME_PAGE || n->which == INPUT_APIC_ID_IS))
		snprintf(buf, len, "%s%s 0x%llx", n->result ? "=" : "!=",
		         n->which == INPUT_SAME_PAGE ? "page" : "apic",
		         (unsigned long long)n->arg[1]);
	else if (!n->lookup)
		snprintf(buf, len, "%s", checks[n->which][n->result != 0]);
	else if (n->which == LOOKUP_CAA_USERS)
		snprintf(buf, len, "CAA x%u", n->result);
	else
		snprintf(buf, len, "%s", lookups[n->which][n->result < 3 ? n->result : 0]);
}

/* A clause's question the module asked already, with the same answer: nothing new to say. */
static bool repeats(const struct sym_path *p, unsigned i)
{
	for (unsigned j = 0; i >= p->asked && j < i; j++)
		if (p->n[j].lookup == p->n[i].lookup && p->n[j].which == p->n[i].which &&
		    p->n[j].result == p->n[i].result &&
		    !memcmp(p->n[j].arg, p->n[i].arg, sizeof(p->n[i].arg)))
			return true;
	return false;
}

/*
 * The registers ("0x1001:", or "0x21000,0x8000,0x1:"), then what was
 * decided about each, in order ("rcx aligned, ...; rdx ..."), led by its
 * name when the handler takes several. The answers about the module's
 * own values follow from those, so they are left out.
 */
size_t sym_regs_text(const uint64_t *reg, unsigned nregs, char *buf, size_t len)
{
	size_t at = 0;
	for (unsigned r = 0; r < nregs && at < len; r++)
		at += (size_t)snprintf(buf + at, len - at, "%s0x%llx", r ? "," : "",
		                       (unsigned long long)reg[r]);
	return at;
}

void sym_title(const struct sym_path *p, char *buf, size_t len)
{
	size_t at = sym_regs_text(p->reg, p->nregs, buf, len);
	if (at < len)
		at += (size_t)snprintf(buf + at, len - at, ":");
	unsigned said = 0;
	for (unsigned r = 0; r < p->nregs; r++) {
		bool lead = p->nregs > 1;   /* the register's name before its first word */
		for (unsigned i = 0; i < p->len && at < len; i++) {
			int about = sym_arg_reg(p, &p->n[i], 0);
			if ((about != (int)r && !(about == SYM_ENTRY_PAGE && r == 2)) || repeats(p, i))
				continue;
			char words[64];
			note_words(p, &p->n[i], words, sizeof(words));
			at += (size_t)snprintf(buf + at, len - at, "%s %s%s%s",
			                       !said++ ? "" : lead ? ";" : ",", lead ? sym_reg_name(p->list, r) : "",
			                       lead ? " " : "", words);
			lead = false;
		}
	}
}
