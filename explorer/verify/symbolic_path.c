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
	static const char *const words[] = { "rcx", "header", "entry", "entry+1", "entry+2" };
	_Static_assert(sizeof(words) / sizeof(words[0]) >= SYM_MAX_INPUTS, "a list word unnamed");
	if (list && r >= SYM_MAX_INPUTS && r < SYM_MAX_TERMS)
		r = SYM_ENTRY_WORD(r - SYM_MAX_INPUTS);
	if (list)
		return r < SYM_MAX_INPUTS ? words[r] : "?";
	return r < SYM_MAX_REGS ? regs[r] : "?";
}

void sym_path_start(struct sym_path *p, const uint64_t *reg, unsigned nregs, bool list,
                    unsigned tie)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->reg, reg, nregs * sizeof(reg[0]));
	p->nregs = nregs;
	p->list = list;
	p->tie = tie;
	p->stage = p->entry = -1;
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

/* Input r's value: a register, a list word, or an entry's page. */
static uint64_t input_value(const struct sym_path *p, int r)
{
	if (r >= SYM_MAX_INPUTS)
		return p->reg[SYM_ENTRY_WORD(r - SYM_MAX_INPUTS)] & ~(uint64_t)(PAGE_SIZE - 1);
	return p->reg[r];
}

/* Input r (a word, or an entry's page) if it holds v, else -1: a constant. */
static int list_word(const struct sym_path *p, int r, uint64_t v)
{
	return input_value(p, r) == v ? r : -1;
}

/* A list path's call n, by role (symbolic.h): RCX, the header, an entry, or an entry's page. */
static int list_arg(const struct sym_path *p, const struct input_note *n, unsigned a)
{
	int role = sym_list_role(n);
	/* The list's address beside its header, or an entry's page against the list's; else a constant. */
	if (a == 1)
		return !n->lookup && (n->which == INPUT_LIST_COUNTS_OK || n->which == INPUT_SAME_PAGE)
		               ? list_word(p, 0, n->arg[1]) : -1;
	if (role == 2)
		return list_word(p, SYM_ENTRY_WORD(p->entry), n->arg[0]);
	if (role == 1)
		return list_word(p, 1, n->arg[0]);
	return list_word(p, p->entry < 0 ? 0 : SYM_ENTRY_PAGE(p->entry), n->arg[0]);
}

/* Hear n with what it is about (an input, or a constant: -1). */
static void record(struct sym_path *p, const struct input_note *n, int a0, int a1, bool ours)
{
	if (p->len == SYM_MAX_NOTES) {
		p->overflow = true;
		return;
	}
	p->n[p->len] = *n;
	p->about[p->len] = (struct sym_about){ { (int8_t)a0, (int8_t)a1 }, (int8_t)p->entry, ours };
	p->len++;
}

/*
 * Before entry k's first predicate: is its page the list's, and each
 * earlier entry's? The module does not ask, but what the hardware and its
 * state do with the entry depends on it (symbolic.h).
 */
static void ask_entry_pages(struct sym_path *p, int k)
{
	uint64_t page = input_value(p, SYM_ENTRY_PAGE(k));
	for (int other = -1; other < k; other++) {
		int r = other < 0 ? 0 : SYM_ENTRY_PAGE(other);
		struct input_note n = { .which = INPUT_SAME_PAGE, .arg = { page, input_value(p, r) } };
		n.result = page >> PAGE_SHIFT == n.arg[1] >> PAGE_SHIFT;
		record(p, &n, SYM_ENTRY_PAGE(k), r, true);
	}
}

void sym_hear(void *ctx, const struct input_note *n)
{
	struct sym_path *p = ctx;
	if (!p->list) {
		int first = reg_holding(p, n->arg[0], -1), second = -1;
		/* A second guest value: input_same_page of two registers; never a lookup's length. */
		if (!n->lookup && n->which == INPUT_SAME_PAGE && first >= 0)
			second = reg_holding(p, n->arg[1], first);
		record(p, n, first, second, false);
		return;
	}
	if (!n->lookup && n->which == INPUT_LIST_PENDING && n->result && n->arg[1] < SYM_LIST_PENDING)
		p->stage = (int)n->arg[1];
	if (sym_list_role(n) == 2 && p->entry != (p->stage < 0 ? 0 : p->stage)) {
		p->entry = p->stage < 0 ? 0 : p->stage;
		ask_entry_pages(p, p->entry);
	}
	record(p, n, list_arg(p, n, 0), list_arg(p, n, 1), false);
}

int sym_arg_reg(const struct sym_path *p, const struct input_note *n, unsigned a)
{
	return a < 2 ? p->about[n - p->n].arg[a] : -1;
}

bool sym_same_note(const struct sym_path *p, const struct sym_path *q, unsigned i)
{
	const struct input_note *a = &p->n[i], *b = &q->n[i];
	if (a->lookup != b->lookup || a->which != b->which || a->result != b->result ||
	    p->about[i].entry != q->about[i].entry || p->about[i].ours != q->about[i].ours)
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

/* A question asked already (by the search, or by the module before a clause's), same answer. */
static bool repeats(const struct sym_path *p, unsigned i)
{
	for (unsigned j = 0; j < i; j++)
		if ((i >= p->asked || p->about[j].ours) && p->n[j].lookup == p->n[i].lookup &&
		    p->n[j].which == p->n[i].which && p->n[j].result == p->n[i].result &&
		    !memcmp(p->n[j].arg, p->n[i].arg, sizeof(p->n[i].arg)))
			return true;
	return false;
}

/* Is a's question about input r (a list's entry page counting as its entry)? */
static bool about_input(const struct sym_path *p, const struct sym_about *a, unsigned r)
{
	return a->arg[0] == (int)r ||
	       (p->list && a->arg[0] >= SYM_MAX_INPUTS && SYM_ENTRY_WORD(a->arg[0] - SYM_MAX_INPUTS) == (int)r);
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
			if (!about_input(p, &p->about[i], r) || repeats(p, i))
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
