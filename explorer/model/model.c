/*
 * model.c: the explorer's machine, its cursor, and the scan of the run.
 *
 * The cursor moves by carrying steps out; going back restores the booted
 * machine and carries the first n steps out again. The record (events,
 * violations, the calls' contract data) is not part of a snapshot, so it
 * is put back by hand, and the step numbers of a replay are those of the
 * first run.
 *
 * The scan carries the whole trace out once, when a trace is opened or
 * changed, and keeps what each step did: its events and the checks that
 * fired. The timeline then shows the steps ahead of the cursor too, and
 * "next violation" is a lookup.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static void rewind_machine(struct model *m)
{
	sim_restore(m->s, &m->start);
	sched_reset(&m->sc);
	m->s->rec.step = m->base_step;
	m->s->rec.nviolations = m->base_violations;
	memcpy(m->s->calls, m->start_calls, sizeof(m->start_calls));
	m->cursor = 0;
}

static void unboot(struct model *m)
{
	if (!m->booted)
		return;
	sim_snapshot_free(&m->start);
	sched_free(&m->sc);
	sim_destroy(m->s);
	m->booted = false;
}

/* Launch the machine the trace names, bring its vCPUs up, remember that state. */
static int boot(struct model *m, char *err, size_t errlen)
{
	struct sim_config cfg = m->t->cfg;
	unsigned vcpus = m->t->vcpus ? m->t->vcpus : 1;
	const char *why = NULL;
	if (cfg.machine.vcpus < vcpus)
		cfg.machine.vcpus = vcpus;
	if (sim_create(m->s, &cfg, &why) != 0) {
		snprintf(err, errlen, "the machine does not boot: %s", why);
		return -1;
	}
	if (vcpus > 1 && guest_bring_up(m->s, vcpus, &why) != 0) {
		snprintf(err, errlen, "the guest's vCPUs do not come up: %s", why);
		sim_destroy(m->s);
		return -1;
	}
	if (sched_init(&m->sc, m->s) != 0) {
		snprintf(err, errlen, "out of memory");
		sim_destroy(m->s);
		return -1;
	}
	if (sim_snapshot(m->s, &m->start) != 0) {
		snprintf(err, errlen, "out of memory");
		sched_free(&m->sc);
		sim_destroy(m->s);
		return -1;
	}
	memcpy(m->start_calls, m->s->calls, sizeof(m->start_calls));
	m->cfg = m->t->cfg;
	m->vcpus = m->t->vcpus;
	m->base_step = m->s->rec.step;
	m->base_violations = m->s->rec.nviolations;
	m->booted = true;
	return 0;
}

/* Grow *p (of *cap elements of size sz) to hold need; false when out of memory. */
static bool reserve(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return true;
	size_t cap2 = *cap ? *cap : 64;
	while (cap2 < need)
		cap2 *= 2;
	void *q = realloc(*p, cap2 * sz);
	if (!q)
		return false;
	*p = q;
	*cap = cap2;
	return true;
}

/* Carry out step i (the cursor's); with info, keep what it did. */
static void apply(struct model *m, struct step_info *info)
{
	struct sim *s = m->s;
	unsigned step0 = s->rec.step, viol0 = s->rec.nviolations;
	char why[sizeof(info->why)];
	bool refused = trace_apply(&m->sc, &m->t->steps[m->cursor], why, sizeof(why)) != 0;
	m->cursor++;
	if (!info)
		return;
	memset(info, 0, sizeof(*info));
	info->refused = refused;
	m->before = m->now;
	pages_capture(&m->now, s);
	info->changed_row[TABLE_RMP] = first_changed_row(TABLE_RMP, &m->before, &m->now);
	info->changed_row[TABLE_NPT] = first_changed_row(TABLE_NPT, &m->before, &m->now);
	if (refused)
		snprintf(info->why, sizeof(info->why), "%s", why);
	info->first_event = m->nevents;
	for (unsigned k = step0; k < s->rec.step; k++) {
		const struct sim_event *ev = record_event_at(&s->rec, k);
		if (!ev || !reserve((void **)&m->events, &m->events_cap, m->nevents + 1,
		                    sizeof(*m->events)))
			continue;
		m->events[m->nevents++] = *ev;
	}
	info->nevents = m->nevents - info->first_event;
	info->first_violation = m->nviolations;
	unsigned kept = s->rec.nviolations < RECORD_MAX_VIOLATIONS ? s->rec.nviolations : RECORD_MAX_VIOLATIONS;
	for (unsigned k = viol0; k < kept; k++) {
		if (!reserve((void **)&m->violations, &m->violations_cap, m->nviolations + 1,
		             sizeof(*m->violations)))
			break;
		m->violations[m->nviolations++] = s->rec.violations[k];
	}
	info->nviolations = m->nviolations - info->first_violation;
}

/* After step i of the scan: which watches it changed (values: each watch's text before). */
static void note_watches(struct model *m, size_t i, char (*values)[WATCH_TEXT_MAX])
{
	for (unsigned k = 0; k < m->nwatches; k++) {
		char now[WATCH_TEXT_MAX];
		watch_value(m, &m->watches[k], m->nviolations, now, sizeof(now));
		m->watch_changed[k * m->t->n + i] = strcmp(now, values[k]) != 0;
		memcpy(values[k], now, sizeof(now));
	}
}

/* Carry the whole trace out once, keeping what every step did and what it changed. */
static int scan(struct model *m)
{
	size_t n = m->t->n ? m->t->n : 1;
	free(m->info);
	free(m->watch_changed);
	m->info = calloc(n, sizeof(*m->info));
	m->watch_changed = calloc(n * WATCHES_MAX, sizeof(*m->watch_changed));
	if (!m->info || !m->watch_changed)
		return -1;
	m->nevents = m->nviolations = 0;
	rewind_machine(m);
	pages_capture(&m->now, m->s);
	char values[WATCHES_MAX][WATCH_TEXT_MAX];
	for (unsigned k = 0; k < m->nwatches; k++)
		watch_value(m, &m->watches[k], 0, values[k], sizeof(values[k]));
	while (m->cursor < m->t->n) {
		size_t i = m->cursor;
		apply(m, &m->info[i]);
		note_watches(m, i, values);
	}
	rewind_machine(m);
	pages_capture(&m->now, m->s);
	m->before = m->now;
	return 0;
}

static bool same_config(const struct sim_config *a, const struct sim_config *b)
{
	return a->bugs == b->bugs && a->machine.pages == b->machine.pages &&
	       a->machine.vcpus == b->machine.vcpus &&
	       a->machine.guest_vmpl == b->machine.guest_vmpl && a->machine.asid == b->machine.asid;
}

int model_use(struct model *m, struct trace *t, size_t at, char *err, size_t errlen)
{
	bool same_machine = m->booted && same_config(&m->cfg, &t->cfg) && m->vcpus == t->vcpus;
	m->t = t;
	if (!same_machine) {
		unboot(m);
		if (boot(m, err, errlen) != 0)
			return -1;
	}
	if (scan(m) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	model_goto(m, at);
	return 0;
}

int model_open(struct model *m, struct trace *t, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	m->s = malloc(sizeof(*m->s));   /* large: keep it off the stack */
	if (!m->s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (model_use(m, t, 0, err, errlen) != 0) {
		model_close(m);
		return -1;
	}
	return 0;
}

void model_close(struct model *m)
{
	unboot(m);
	free(m->s);
	free(m->info);
	free(m->events);
	free(m->violations);
	free(m->watch_changed);
	memset(m, 0, sizeof(*m));
}

void model_goto(struct model *m, size_t n)
{
	if (n > m->t->n)
		n = m->t->n;
	if (n == m->cursor)
		return;
	if (n < m->cursor)
		rewind_machine(m);
	/* The state before the last step is kept, to show what that step changed. */
	while (m->cursor + 1 < n)
		apply(m, NULL);
	pages_capture(&m->before, m->s);
	if (m->cursor < n)
		apply(m, NULL);
	pages_capture(&m->now, m->s);
}

/* Is needle in hay, ignoring case? */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

long model_search(const struct model *m, size_t from, const char *text)
{
	char row[1024];
	size_t n = m->t->n;
	if (n == 0)
		return -1;
	for (size_t k = 1; k <= n; k++) {   /* every step once, after `from`, wrapping */
		size_t i = (from + k) % n;
		describe_row(m, i, row, sizeof(row));
		if (contains(row, text))
			return (long)i;
	}
	return -1;
}

long model_next_violation(const struct model *m, size_t from)
{
	for (size_t i = from; i < m->t->n; i++)
		if (m->info[i].nviolations)
			return (long)i;
	return -1;
}

long model_prev_violation(const struct model *m, size_t before)
{
	for (size_t i = before < m->t->n ? before : m->t->n; i-- > 0;)
		if (m->info[i].nviolations)
			return (long)i;
	return -1;
}

size_t model_violation_step(const struct model *m, size_t k)
{
	size_t i = 0;
	while (i + 1 < m->t->n && m->info[i].first_violation + m->info[i].nviolations <= k)
		i++;
	return i;
}

size_t model_violations_so_far(const struct model *m)
{
	return m->cursor ? m->info[m->cursor - 1].first_violation +
	                   m->info[m->cursor - 1].nviolations : 0;
}

const struct violation *model_last_violation(const struct model *m)
{
	size_t n = model_violations_so_far(m);
	return n ? &m->violations[n - 1] : NULL;
}

const struct sim_event *model_last_module_event(const struct model *m, size_t *step)
{
	for (size_t i = m->cursor; i-- > 0;) {
		const struct step_info *in = &m->info[i];
		for (size_t k = in->nevents; k-- > 0;) {
			const struct sim_event *ev = &m->events[in->first_event + k];
			if (ev->actor == ACTOR_MODULE && ev->site.file) {
				*step = i;
				return ev;
			}
		}
	}
	return NULL;
}

int model_changed_row(const struct model *m, enum table tb)
{
	for (size_t i = m->cursor; i-- > 0;)
		if (m->info[i].changed_row[tb] >= 0)
			return m->info[i].changed_row[tb];
	return -1;
}

const char *model_first_clause(const struct model *m)
{
	return m->nviolations ? m->violations[0].clause : "";
}

unsigned model_vcpus(const struct model *m)
{
	return m->t->vcpus ? m->t->vcpus : 1;
}

int model_watch(struct model *m, const struct watch *w, char *err, size_t errlen)
{
	if (m->nwatches == WATCHES_MAX) {
		snprintf(err, errlen, "at most %d watches", WATCHES_MAX);
		return -1;
	}
	m->watches[m->nwatches++] = *w;
	return model_use(m, m->t, m->cursor, err, errlen);
}

void model_unwatch(struct model *m)
{
	m->nwatches = 0;
}

void model_watch_value(const struct model *m, unsigned k, char *buf, size_t len)
{
	watch_value(m, &m->watches[k], model_violations_so_far(m), buf, len);
}

size_t model_watch_changed(const struct model *m, unsigned k, size_t upto)
{
	for (size_t i = upto < m->t->n ? upto : m->t->n; i > 0; i--)
		if (m->watch_changed[k * m->t->n + i - 1])
			return i;
	return 0;
}
