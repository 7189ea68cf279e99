/*
 * race.c: the happens-before detector of race.h: clocks, edges, shadow
 * cells, and the report of a race with both its sites.
 */
#include <stdlib.h>
#include <string.h>

#include "race.h"

struct race *race_running;
unsigned race_running_cpu;

int race_init(struct race *r, const struct svsm *sv, struct record *rec)
{
	memset(r, 0, sizeof(*r));
	r->svsm = sv;
	r->rec = rec;
	r->guest_cells = calloc(RACE_GUEST_CELLS, sizeof(*r->guest_cells));
	r->guest_pages = calloc(RACE_GUEST_PAGES, sizeof(*r->guest_pages));
	if (!r->guest_cells || !r->guest_pages) {
		race_free(r);
		return -1;
	}
	race_reset(r);
	return 0;
}

void race_free(struct race *r)
{
	if (race_running == r)
		race_run(NULL, 0);
	free(r->guest_cells);
	free(r->guest_pages);
	r->guest_cells = NULL;
	r->guest_pages = NULL;
}

/*
 * Every vCPU starts at clock 1 of its own, so that 0 in a cell means "no
 * access" and every access made is past what the others have seen (0).
 */
void race_reset(struct race *r)
{
	r->gen++;
	memset(r->clock, 0, sizeof(r->clock));
	memset(r->world, 0, sizeof(r->world));
	for (unsigned v = 0; v < RACE_VCPUS; v++)
		r->clock[v][v] = 1;
	r->nlocks = 0;
	r->guest_full = false;
}

static void join(uint32_t *into, const uint32_t *from)
{
	for (unsigned v = 0; v < RACE_VCPUS; v++)
		if (from[v] > into[v])
			into[v] = from[v];
}

/* The lock's vector; a lock not met yet gets a zero one. NULL past RACE_LOCKS. */
static uint32_t *lock_clock(struct race *r, const void *lock)
{
	for (unsigned i = 0; i < r->nlocks; i++)
		if (r->locks[i].lock == lock)
			return r->locks[i].clock;
	if (r->nlocks == RACE_LOCKS)
		return NULL;
	r->locks[r->nlocks].lock = lock;
	memset(r->locks[r->nlocks].clock, 0, sizeof(r->locks[0].clock));
	return r->locks[r->nlocks++].clock;
}

void race_acquire(struct race *r, unsigned cpu, const void *lock)
{
	uint32_t *l = lock_clock(r, lock);
	if (l && cpu < RACE_VCPUS)
		join(r->clock[cpu], l);
}

void race_release(struct race *r, unsigned cpu, const void *lock)
{
	uint32_t *l = lock_clock(r, lock);
	if (!l || cpu >= RACE_VCPUS)
		return;
	join(l, r->clock[cpu]);
	r->clock[cpu][cpu]++;
}

void race_call_begin(struct race *r, unsigned cpu)
{
	if (cpu < RACE_VCPUS)
		join(r->clock[cpu], r->world);
}

void race_call_end(struct race *r, unsigned cpu)
{
	if (cpu >= RACE_VCPUS)
		return;
	join(r->world, r->clock[cpu]);
	r->clock[cpu][cpu]++;
}

bool clause_no_data_race(uint32_t earlier_cpu, uint32_t earlier_clock, uint32_t cpu,
                         uint32_t seen, bool both_read)
{
	return earlier_cpu == cpu || both_read || earlier_clock <= seen;
}

/* "svsm/core/vcpu.c:88", or "?" when the site cannot be looked up. */
static void site_text(const struct race_site *s, char *buf, size_t n)
{
	const char *file;
	int line;
	if (race_where(s, &file, &line))
		snprintf(buf, n, "%s:%d", file, line);
	else
		snprintf(buf, n, "%p", s->pc);
}

/* What byte b of the word of cell c is, for the message: a field of struct svsm, or a GPA. */
static void cell_name(const struct race *r, const struct race_cell *c, unsigned b, char *buf,
                      size_t n)
{
	if (c >= r->svsm_cells && c < r->svsm_cells + RACE_SVSM_CELLS)
		race_field_name((size_t)(c - r->svsm_cells) * 8 + b, buf, n);
	else
		snprintf(buf, n, "guest GPA 0x%llx", (unsigned long long)(c->word << 3 | b));
}

/* This access (here) meets an earlier one (there) of vCPU other, and nothing orders them. */
static void report(struct race *r, const struct race_cell *c, unsigned cpu, bool write,
                   uint8_t bytes, const struct race_site *here, unsigned other,
                   bool other_wrote, const struct race_site *there)
{
	if (r->hold) {
		r->held++;
		return;
	}
	char what[64], at[160], before[160];
	cell_name(r, c, (unsigned)__builtin_ctz(bytes), what, sizeof(what));
	site_text(here, at, sizeof(at));
	site_text(there, before, sizeof(before));
	struct hal_site site = here->hal;
	if (here->pc && !race_where(here, &site.file, &site.line))
		site = (struct hal_site){ 0 };
	if (here->pc)
		site.text = NULL;
	report_clause(r->rec, CLAUSE_NO_DATA_RACE, site, cpu,
	              "vCPU %u %s %s at %s; vCPU %u %s it at %s, and no lock orders the two",
	              cpu, write ? "writes" : "reads", what, at, other,
	              other_wrote ? "wrote" : "read", before);
}

/*
 * Does this access of cpu race with an earlier one of the vCPUs in others
 * (a bit each)? Reported if so (the first found), and true.
 */
static bool meets(struct race *r, const struct race_cell *c, unsigned cpu, uint8_t others,
                  uint8_t bytes, bool write, const struct race_site *site,
                  const struct race_access *earlier, bool earlier_wrote)
{
	const uint32_t *seen = r->clock[cpu];
	for (unsigned left = others; left; left &= left - 1) {
		unsigned u = (unsigned)__builtin_ctz(left);
		uint8_t both = earlier[u].bytes & bytes;
		if (both && !clause_no_data_race(u, earlier[u].clock, cpu, seen[u], false)) {
			report(r, c, cpu, write, both, site, u, earlier_wrote, &earlier[u].site);
			return true;
		}
	}
	return false;
}

/*
 * One access to the bytes (a bit each) of the word of cell c. At most one
 * race is reported per access, and the cell then records the access.
 */
static void access(struct race *r, struct race_cell *c, unsigned cpu, uint8_t bytes, bool write,
                   const struct race_site *site)
{
	if (cpu >= RACE_VCPUS)
		return;
	/*
	 * Only the slots of the vCPUs in c->cpus hold anything: a cell of an
	 * older generation is empty, and a vCPU's slots are emptied when it
	 * joins (a page zeroed is 512 cells, most of them touched by one vCPU).
	 */
	_Static_assert(RACE_VCPUS <= 8, "a cell's cpus has a bit per vCPU");
	if (c->gen != r->gen) {
		c->gen = r->gen;
		c->cpus = 0;
	}
	uint8_t me = (uint8_t)(1u << cpu), others = c->cpus & (uint8_t)~me;
	if (!(c->cpus & me)) {
		c->write[cpu].bytes = c->read[cpu].bytes = 0;
		c->cpus |= me;
	}
	if (others && !meets(r, c, cpu, others, bytes, write, site, c->write, true) && write)
		meets(r, c, cpu, others, bytes, write, site, c->read, false);
	struct race_access *mine = write ? &c->write[cpu] : &c->read[cpu];
	if (write)
		for (unsigned left = c->cpus; left; left &= left - 1) {
			unsigned u = (unsigned)__builtin_ctz(left);
			c->write[u].bytes &= (uint8_t)~bytes;
			c->read[u].bytes &= (uint8_t)~bytes;
		}
	/*
	 * Bytes this vCPU touched before at the same clock stay with it; at an
	 * older clock they are forgotten rather than dated later than they
	 * were (which would report races that are not). One access per vCPU
	 * and kind is what a cell has room for.
	 */
	uint32_t now = r->clock[cpu][cpu];
	uint8_t before = mine->clock == now ? mine->bytes : 0;
	*mine = (struct race_access){ (uint8_t)(before | bytes), now, *site };
}

/* The bytes of word w that [start, end) covers, a bit each. */
static uint8_t bytes_of(uint64_t w, uint64_t start, uint64_t end)
{
	uint64_t lo = start > w * 8 ? start - w * 8 : 0;
	uint64_t hi = end < w * 8 + 8 ? end - w * 8 : 8;
	return (uint8_t)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

void race_svsm_access(struct race *r, unsigned cpu, size_t off, size_t len, bool write,
                      const void *pc)
{
	struct race_site site = { .pc = pc };
	for (size_t w = off / 8; w <= (off + len - 1) / 8 && w < RACE_SVSM_CELLS; w++)
		access(r, &r->svsm_cells[w], cpu, bytes_of(w, off, off + len), write, &site);
}

/* Where key's search starts in a table of size slots (a power of two). */
static unsigned home_slot(uint64_t key, unsigned size)
{
	return (unsigned)((key * 0x9e3779b97f4a7c15ull) >> 40) & (size - 1);
}

/* The cell of a guest word (open addressing), or NULL when the table is full. */
static struct race_cell *guest_cell(struct race *r, uint64_t word)
{
	unsigned mask = RACE_GUEST_CELLS - 1;
	unsigned i = home_slot(word, RACE_GUEST_CELLS);
	for (unsigned probe = 0; probe < RACE_GUEST_CELLS; probe++, i = (i + 1) & mask) {
		struct race_cell *c = &r->guest_cells[i];
		if (c->gen != r->gen) {
			c->word = word;
			return c;
		}
		if (c->word == word)
			return c;
	}
	r->guest_full = true;
	return NULL;
}

/*
 * The record of a guest page, or NULL when the table is full. A page met
 * first when the table was full has none for the rest of the generation,
 * so a record that exists has seen every access to its page.
 */
static struct race_page *guest_page(struct race *r, uint64_t page)
{
	unsigned mask = RACE_GUEST_PAGES - 1;
	unsigned i = home_slot(page, RACE_GUEST_PAGES);
	for (unsigned probe = 0; probe < RACE_GUEST_PAGES; probe++, i = (i + 1) & mask) {
		struct race_page *p = &r->guest_pages[i];
		if (p->gen != r->gen) {
			*p = (struct race_page){ .gen = r->gen, .page = page };
			return p;
		}
		if (p->page == page)
			return p;
	}
	return NULL;
}

/* Cell c of page p made what the page's last whole write left, if c has not seen it. */
static void catch_up(struct race *r, struct race_cell *c, const struct race_page *p)
{
	if (c->gen == r->gen && c->whole == p->whole)
		return;
	c->whole = p->whole;
	if (p->whole == 0)
		return;   /* a new cell, and nothing to bring it up to */
	c->gen = r->gen;
	c->cpus = (uint8_t)(1u << p->writer);
	c->write[p->writer] = p->write;
	c->read[p->writer].bytes = 0;
}

/*
 * Is every access other vCPUs made to page p ordered before what cpu does
 * now? Then no word of it can race with cpu (clause_no_data_race): each
 * word's access by u is at most u's latest to the page, which cpu has seen.
 */
static bool page_ordered_before(const struct race *r, const struct race_page *p, unsigned cpu)
{
	for (unsigned u = 0; u < RACE_VCPUS; u++)
		if (u != cpu && (p->cpus & (1u << u)) && p->last[u] > r->clock[cpu][u])
			return false;
	return true;
}

/*
 * The access to the words of [from, to), all on page p's page (p NULL:
 * the page has no record), one cell each. 0, or -1 when the table of
 * cells is full (the rest go unwatched).
 */
static int words_access(struct race *r, struct race_page *p, unsigned cpu, uint64_t from,
                        uint64_t to, bool write, const struct race_site *s)
{
	if (p) {
		p->cpus |= (uint8_t)(1u << cpu);
		p->last[cpu] = r->clock[cpu][cpu];
	}
	for (uint64_t w = from >> 3; w <= (to - 1) >> 3; w++) {
		struct race_cell *c = guest_cell(r, w);
		if (!c)
			return -1;
		if (p) {
			catch_up(r, c, p);
			unsigned k = (unsigned)(w % RACE_PAGE_WORDS);
			p->touched[k / 64] |= 1ull << (k % 64);
		}
		access(r, c, cpu, bytes_of(w, from, to), write, s);
	}
	return 0;
}

/*
 * cpu writes page p whole. A word whose cell has not changed since the
 * page's last whole write holds that write (or nothing): it races with
 * this one only if that write was another vCPU's, not ordered before, and
 * then every such word does, so all are judged word by word. Otherwise
 * only the changed words are, and the page keeps the write for them all.
 */
static int whole_write(struct race *r, struct race_page *p, unsigned cpu,
                       const struct race_site *s)
{
	uint64_t from = p->page << PAGE_SHIFT;
	uint32_t now = r->clock[cpu][cpu];
	if (p->whole > 0 && p->writer != cpu && p->write.clock > r->clock[cpu][p->writer])
		return words_access(r, p, cpu, from, from + PAGE_SIZE, true, s);
	bool ordered = page_ordered_before(r, p, cpu);
	for (unsigned k = 0; !ordered && k < RACE_PAGE_WORDS / 64; k++)
		for (uint64_t left = p->touched[k]; left; left &= left - 1) {
			uint64_t gpa = from + 8 * (64 * k + (unsigned)__builtin_ctzll(left));
			struct race_cell *c = guest_cell(r, gpa >> 3);
			if (!c)
				return -1;
			access(r, c, cpu, 0xff, true, s);
		}
	p->cpus = (uint8_t)(1u << cpu);
	p->last[cpu] = now;
	p->whole++;
	p->writer = (uint8_t)cpu;
	p->write = (struct race_access){ 0xff, now, *s };
	memset(p->touched, 0, sizeof(p->touched));
	return 0;
}

void race_guest_access(struct race *r, unsigned cpu, uint64_t gpa, size_t len, bool write,
                       struct hal_site site)
{
	if (len == 0 || cpu >= RACE_VCPUS)
		return;
	struct race_site s = { .hal = site };
	uint64_t end = gpa + len;
	for (uint64_t page = gpa >> PAGE_SHIFT; page <= (end - 1) >> PAGE_SHIFT; page++) {
		uint64_t from = page << PAGE_SHIFT, to = from + PAGE_SIZE;
		from = from > gpa ? from : gpa;
		to = to < end ? to : end;
		struct race_page *p = guest_page(r, page);
		int rc = p && write && to - from == PAGE_SIZE ? whole_write(r, p, cpu, &s)
		                                              : words_access(r, p, cpu, from, to, write, &s);
		if (rc != 0)
			return;
	}
}
