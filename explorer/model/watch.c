/*
 * watch.c: expressions evaluated at every step, as the TLA+ trace
 * explorer does. A watch is one of
 *
 *   bytes GPA [LEN]   what the guest, at its VMPL, reads there (LEN 1-32, default 8)
 *   rmp SPA           the RMP entry of that system page, as the RMP pane shows it
 *   owner GPA         the ghost owner of that guest page
 *   label GPA         who may learn the bytes of the page GPA maps to
 *   clause NAME       whether that check has held so far: "holds" or "fired"
 *
 * Its value is text, so "changed" means the text changed, as for the
 * tables' cells. The scan (model.c) evaluates every watch after every
 * step and keeps where each changed; the value at the cursor is
 * evaluated again from the state the cursor shows.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "../cli/cli.h"

#define BYTES_MAX 32

static const char *const kind_names[WATCH_KIND_COUNT] = {
	[WATCH_BYTES] = "bytes", [WATCH_RMP] = "rmp", [WATCH_OWNER] = "owner",
	[WATCH_LABEL] = "label", [WATCH_CLAUSE] = "clause",
};

int watch_parse(const char *text, struct watch *w, char *err, size_t errlen)
{
	char copy[WATCH_TEXT_MAX], *save = NULL;
	memset(w, 0, sizeof(*w));
	if (strlen(text) >= sizeof(copy)) {
		snprintf(err, errlen, "a watch is at most %zu characters", sizeof(copy) - 1);
		return -1;
	}
	snprintf(copy, sizeof(copy), "%s", text);
	const char *kind = strtok_r(copy, " \t", &save);
	const char *arg = strtok_r(NULL, " \t", &save);
	const char *len = strtok_r(NULL, " \t", &save);
	const char *extra = strtok_r(NULL, " \t", &save);
	unsigned k = 0;
	while (k < WATCH_KIND_COUNT && !(kind && strcmp(kind, kind_names[k]) == 0))
		k++;
	if (k == WATCH_KIND_COUNT || !arg || extra || (len && k != WATCH_BYTES)) {
		snprintf(err, errlen, "a watch is: bytes GPA [LEN], rmp SPA, owner GPA, label GPA "
		         "or clause NAME");
		return -1;
	}
	w->kind = (enum watch_kind)k;
	if (w->kind == WATCH_CLAUSE) {
		if (!clause_find(arg)) {
			snprintf(err, errlen, "no clause '%s' (svsmlab clauses lists them)", arg);
			return -1;
		}
		snprintf(w->clause, sizeof(w->clause), "%s", arg);
	} else {
		unsigned long long addr, n = 8;   /* numbers as the command line reads them */
		if (!cli_number(arg, (uint64_t)MACHINE_MAX_PAGES * PAGE_SIZE - 1, &addr)) {
			snprintf(err, errlen, "'%s' is not an address below 0x%x", arg,
			         MACHINE_MAX_PAGES * PAGE_SIZE);
			return -1;
		}
		if (len && (!cli_number(len, BYTES_MAX, &n) || n < 1)) {
			snprintf(err, errlen, "LEN must be 1 to %d, not '%s'", BYTES_MAX, len);
			return -1;
		}
		w->addr = addr;
		w->len = (unsigned)n;
	}
	/* The text as the trace saves it: one spelling for one watch. */
	if (w->kind == WATCH_CLAUSE)
		snprintf(w->text, sizeof(w->text), "clause %s", w->clause);
	else if (w->kind == WATCH_BYTES)
		snprintf(w->text, sizeof(w->text), "bytes 0x%" PRIx64 " %u", w->addr, w->len);
	else
		snprintf(w->text, sizeof(w->text), "%s 0x%" PRIx64, kind_names[k], w->addr);
	return 0;
}

/* The bytes the guest reads, within the page (a read does not cross it). */
static void bytes_value(const struct model *m, const struct watch *w, char *buf, size_t len)
{
	uint8_t b[BYTES_MAX];
	size_t n = w->len;
	uint64_t room = PAGE_SIZE - (w->addr & (PAGE_SIZE - 1));
	if (n > room)
		n = (size_t)room;
	struct hw_result r = machine_read(&m->s->m, m->s->m.guest_vmpl, w->addr, true, b, n);
	if (r.fault != FAULT_NONE)
		snprintf(buf, len, "the guest cannot read it");
	else
		describe_bytes(b, n, buf, len);
}

/* The cells of a table's row, but its address, separated by spaces. */
static void row_value(const struct pages *p, enum table tb, unsigned row, const char *only,
                      char *buf, size_t len)
{
	unsigned n;
	const struct column *c = table_columns(tb, &n);
	size_t at = 0;
	buf[0] = '\0';
	for (unsigned i = 1; i < n && at + 1 < len; i++) {
		if (only && strcmp(c[i].name, only) != 0)
			continue;
		char cell[32];
		c[i].show(p, row, cell, sizeof(cell));
		at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? " " : "", cell);
	}
}

void watch_value(const struct model *m, const struct watch *w, size_t nviolations, char *buf,
                 size_t len)
{
	unsigned page = (unsigned)(w->addr >> PAGE_SHIFT);
	switch (w->kind) {
	case WATCH_BYTES:
		bytes_value(m, w, buf, len);
		break;
	case WATCH_RMP:
		row_value(&m->now, TABLE_RMP, page, NULL, buf, len);
		break;
	case WATCH_OWNER:
		row_value(&m->now, TABLE_NPT, page, "owner", buf, len);
		break;
	case WATCH_LABEL:
		row_value(&m->now, TABLE_NPT, page, "label", buf, len);
		break;
	case WATCH_CLAUSE: {
		bool fired = false;
		for (size_t i = 0; i < nviolations && !fired; i++)
			fired = strcmp(m->violations[i].clause, w->clause) == 0;
		snprintf(buf, len, "%s", fired ? "fired" : "holds");
		break;
	}
	case WATCH_KIND_COUNT:
		buf[0] = '\0';
		break;
	}
}
