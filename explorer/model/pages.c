/*
 * pages.c: the RMP and the nested page table as tables of text.
 *
 * One description of the columns serves the panes and --text. Owners are
 * kept per GPA page and labels per SPA page (docs/design.md); the RMP
 * table shows, for each SPA, the owner of the GPA its entry is bound to,
 * because that is where the two disagree in an attack: a page the module
 * thinks is the guest's, whose bytes only VMPL0 may read.
 */
#include <inttypes.h>
#include <string.h>

#include "model.h"

void pages_capture(struct pages *p, const struct sim *s)
{
	unsigned n = s->m.npages;
	p->npages = n;
	p->asid = s->m.asid;
	memcpy(p->rmp, s->m.rmp, n * sizeof(p->rmp[0]));
	memcpy(p->label, s->m.label, n * sizeof(p->label[0]));
	/* GPAs are not bounded by system memory: the hypervisor maps what it likes. */
	memcpy(p->npt, s->m.npt, sizeof(p->npt));
	memcpy(p->owner, s->ghost.owner, sizeof(p->owner));
}

static void show_addr(uint64_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%05" PRIx64, a);
}

static void show_flag(bool on, char c, char *buf, size_t len)
{
	snprintf(buf, len, "%c", on ? c : '-');
}

/* A label as five places: VMPL0..3 and h(ypervisor): "0----" is secret to VMPL0. */
static void show_label(uint8_t label, char *buf, size_t len)
{
	char s[6] = "-----";
	for (unsigned v = 0; v < VMPL_COUNT; v++)
		if (label & LABEL_VMPL(v))
			s[v] = (char)('0' + v);
	if (label & LABEL_HV)
		s[4] = 'h';
	snprintf(buf, len, "%s", s);
}

static bool guest_page(const struct pages *p, unsigned spa)
{
	return p->rmp[spa].assigned && p->rmp[spa].asid == p->asid;
}

/* --- the RMP: one row per SPA page ---------------------------------------- */

static void rmp_spa(const struct pages *p, unsigned r, char *b, size_t n)
{
	(void)p;
	show_addr((uint64_t)r * PAGE_SIZE, b, n);
}

static void rmp_assigned(const struct pages *p, unsigned r, char *b, size_t n)
{
	show_flag(p->rmp[r].assigned, 'A', b, n);
}

static void rmp_asid(const struct pages *p, unsigned r, char *b, size_t n)
{
	if (p->rmp[r].assigned)
		snprintf(b, n, "%" PRIu32, p->rmp[r].asid);
	else
		snprintf(b, n, "-");
}

static void rmp_gpa(const struct pages *p, unsigned r, char *b, size_t n)
{
	if (p->rmp[r].assigned)
		show_addr(p->rmp[r].gpa, b, n);
	else
		snprintf(b, n, "-");
}

static void rmp_validated(const struct pages *p, unsigned r, char *b, size_t n)
{
	show_flag(p->rmp[r].validated, 'V', b, n);
}

static void rmp_vmsa(const struct pages *p, unsigned r, char *b, size_t n)
{
	show_flag(p->rmp[r].vmsa, 'S', b, n);
}

static void rmp_perms(const struct pages *p, unsigned r, unsigned vmpl, char *b, size_t n)
{
	char s[5];
	perms_string(p->rmp[r].perms[vmpl], s);
	snprintf(b, n, "%s", s);
}

static void rmp_vmpl1(const struct pages *p, unsigned r, char *b, size_t n)
{
	rmp_perms(p, r, 1, b, n);
}

static void rmp_vmpl2(const struct pages *p, unsigned r, char *b, size_t n)
{
	rmp_perms(p, r, 2, b, n);
}

static void rmp_vmpl3(const struct pages *p, unsigned r, char *b, size_t n)
{
	rmp_perms(p, r, 3, b, n);
}

static void rmp_owner(const struct pages *p, unsigned r, char *b, size_t n)
{
	uint64_t gpage = p->rmp[r].gpa >> PAGE_SHIFT;
	if (guest_page(p, r) && gpage < MACHINE_MAX_PAGES)
		snprintf(b, n, "%s", owner_name((enum ghost_owner)p->owner[gpage]));
	else
		snprintf(b, n, "-");
}

static void rmp_label(const struct pages *p, unsigned r, char *b, size_t n)
{
	show_label(p->label[r], b, n);
}

static const struct column rmp_cols[] = {
	{ "SPA", "SPA", 5, rmp_spa },
	{ "A", "assigned", 1, rmp_assigned },
	{ "asid", "ASID", 4, rmp_asid },
	{ "GPA", "GPA", 5, rmp_gpa },
	{ "V", "validated", 1, rmp_validated },
	{ "S", "VMSA", 1, rmp_vmsa },
	{ "v1", "VMPL1 perms", 4, rmp_vmpl1 },
	{ "v2", "VMPL2 perms", 4, rmp_vmpl2 },
	{ "v3", "VMPL3 perms", 4, rmp_vmpl3 },
	{ "owner", "owner", 6, rmp_owner },
	{ "label", "label", 5, rmp_label },
};

/* --- the NPT: one row per GPA page ---------------------------------------- */

static void npt_gpa(const struct pages *p, unsigned r, char *b, size_t n)
{
	(void)p;
	show_addr((uint64_t)r * PAGE_SIZE, b, n);
}

static void npt_spa(const struct pages *p, unsigned r, char *b, size_t n)
{
	if (p->npt[r] == NPT_UNMAPPED)
		snprintf(b, n, "-");
	else
		show_addr(p->npt[r], b, n);
}

static void npt_owner(const struct pages *p, unsigned r, char *b, size_t n)
{
	snprintf(b, n, "%s", owner_name((enum ghost_owner)p->owner[r]));
}

static void npt_label(const struct pages *p, unsigned r, char *b, size_t n)
{
	uint64_t spage = p->npt[r] >> PAGE_SHIFT;
	if (p->npt[r] != NPT_UNMAPPED && spage < p->npages)
		show_label(p->label[spage], b, n);
	else
		snprintf(b, n, "-");
}

static const struct column npt_cols[] = {
	{ "GPA", "GPA", 5, npt_gpa },
	{ "SPA", "SPA", 5, npt_spa },
	{ "owner", "owner", 6, npt_owner },
	{ "label", "label", 5, npt_label },
};

const struct column *table_columns(enum table tb, unsigned *count)
{
	if (tb == TABLE_RMP) {
		*count = sizeof(rmp_cols) / sizeof(rmp_cols[0]);
		return rmp_cols;
	}
	*count = sizeof(npt_cols) / sizeof(npt_cols[0]);
	return npt_cols;
}

static bool npt_row_used(const struct pages *p, unsigned r)
{
	return p->npt[r] != NPT_UNMAPPED || p->owner[r] != OWNER_NONE;
}

unsigned table_rows(enum table tb, const struct pages *a, const struct pages *b,
                    unsigned *rows, unsigned max)
{
	unsigned n = 0;
	for (unsigned r = 0; r < MACHINE_MAX_PAGES && n < max; r++) {
		bool shown = tb == TABLE_RMP ? r < b->npages : npt_row_used(a, r) || npt_row_used(b, r);
		if (shown)
			rows[n++] = r;
	}
	return n;
}

bool cell_changed(enum table tb, const struct pages *a, const struct pages *b,
                  unsigned row, unsigned col)
{
	unsigned n;
	const struct column *c = table_columns(tb, &n);
	char x[32], y[32];
	if (col >= n)
		return false;
	c[col].show(a, row, x, sizeof(x));
	c[col].show(b, row, y, sizeof(y));
	return strcmp(x, y) != 0;
}

/*
 * A row whose own data is untouched cannot show other text; checking that
 * first keeps the scan of a long trace on a large machine cheap.
 */
static bool row_data_same(enum table tb, const struct pages *a, const struct pages *b,
                          unsigned row)
{
	if (tb == TABLE_RMP) {
		uint64_t ga = a->rmp[row].gpa >> PAGE_SHIFT, gb = b->rmp[row].gpa >> PAGE_SHIFT;
		return rmp_entry_equal(&a->rmp[row], &b->rmp[row]) && a->label[row] == b->label[row] &&
		       ga == gb && (ga >= MACHINE_MAX_PAGES || a->owner[ga] == b->owner[gb]);
	}
	return a->npt[row] == b->npt[row] && a->owner[row] == b->owner[row] &&
	       (a->npt[row] >> PAGE_SHIFT >= MACHINE_MAX_PAGES ||
	        a->label[a->npt[row] >> PAGE_SHIFT] == b->label[b->npt[row] >> PAGE_SHIFT]);
}

bool row_changed(enum table tb, const struct pages *a, const struct pages *b, unsigned row)
{
	unsigned ncols;
	table_columns(tb, &ncols);
	if (row_data_same(tb, a, b, row))
		return false;
	for (unsigned c = 1; c < ncols; c++)
		if (cell_changed(tb, a, b, row, c))
			return true;
	return false;
}

int first_changed_row(enum table tb, const struct pages *a, const struct pages *b)
{
	static unsigned rows[MACHINE_MAX_PAGES];
	unsigned n = table_rows(tb, a, b, rows, MACHINE_MAX_PAGES);
	for (unsigned i = 0; i < n; i++)
		if (row_changed(tb, a, b, rows[i]))
			return (int)rows[i];
	return -1;
}
