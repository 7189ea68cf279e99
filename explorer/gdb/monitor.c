/*
 * monitor.c: gdb's `monitor` commands, which ask what gdb has no words
 * for: the step in the trace's terms, the RMP and NPT entries and ghost
 * owner of a page (as the explorer's tables show them), the checks that
 * failed, the bugs switched on, and a jump to any step.
 */
#include <string.h>

#include "gdb.h"
#include "../catalog/catalog.h"
#include "../cli/cli.h"

static void say_help(struct gdb *g)
{
	reply_add(&g->console,
	          "monitor step          the step just carried out and the next, in words\n"
	          "monitor rmp GPA       the RMP entry of the SPA the NPT maps GPA to\n"
	          "monitor npt GPA       the nested page table's entry for GPA\n"
	          "monitor owner GPA     who the ghost state says owns GPA's page\n"
	          "monitor violations    every check the trace fails, and where\n"
	          "monitor bugs          the catalog bugs the module runs with\n"
	          "monitor goto N        carry out exactly the first N steps (0..%zu);\n"
	          "                      then 'maintenance flush register-cache'\n"
	          "monitor help          this\n", g->t.n);
}

static void say_step(struct gdb *g)
{
	char line[256];
	size_t at = g->m.cursor;
	reply_add(&g->console, "step %zu of %zu\n", at, g->t.n);
	if (at > 0) {
		const struct step_info *in = &g->m.info[at - 1];
		describe_step(&g->t.steps[at - 1], line, sizeof(line));
		reply_add(&g->console, "done: %s\n", line);
		for (size_t k = 0; k < in->nevents; k++) {
			describe_event_line(&g->m.events[in->first_event + k], line, sizeof(line));
			reply_add(&g->console, "  %s\n", line);
		}
	}
	if (at < g->t.n) {
		describe_step(&g->t.steps[at], line, sizeof(line));
		reply_add(&g->console, "next: %s\n", line);
	}
}

/* Row `row` of an explorer table, "name value" per column. */
static void say_row(struct gdb *g, enum table tb, unsigned row)
{
	unsigned ncols;
	const struct column *cols = table_columns(tb, &ncols);
	for (unsigned c = 0; c < ncols; c++) {
		char cell[32];
		cols[c].show(&g->m.now, row, cell, sizeof(cell));
		reply_add(&g->console, "%s%s %s", c ? ", " : "  ", cols[c].name, cell);
	}
	reply_add(&g->console, "\n");
}

/* The GPA a command names, its page in *page; false (said) when it names none. */
static bool gpa_arg(struct gdb *g, const char *arg, uint64_t *gpa, unsigned *page)
{
	unsigned long long v;
	if (!cli_number(arg, UINT64_MAX, &v)) {
		reply_add(&g->console, "not an address: '%s' (decimal or 0x hex)\n", arg);
		return false;
	}
	*gpa = v;
	if (v >> PAGE_SHIFT >= MACHINE_MAX_PAGES) {
		reply_add(&g->console, "GPA 0x%llx is past the model's %u pages of guest addresses\n", v,
		          MACHINE_MAX_PAGES);
		return false;
	}
	*page = (unsigned)(v >> PAGE_SHIFT);
	return true;
}

static void say_rmp(struct gdb *g, const char *arg)
{
	uint64_t gpa;
	unsigned page;
	if (!gpa_arg(g, arg, &gpa, &page))
		return;
	uint64_t spa = npt_lookup(&g->m.s->m, gpa);
	if (spa == NPT_UNMAPPED || !machine_spa_valid(&g->m.s->m, spa)) {
		reply_add(&g->console, "GPA 0x%llx is not mapped to system memory\n",
		          (unsigned long long)gpa);
		return;
	}
	reply_add(&g->console, "GPA 0x%llx -> SPA 0x%llx, RMP entry:\n", (unsigned long long)gpa,
	          (unsigned long long)spa);
	say_row(g, TABLE_RMP, (unsigned)(spa >> PAGE_SHIFT));
}

static void say_npt(struct gdb *g, const char *arg)
{
	uint64_t gpa;
	unsigned page;
	if (gpa_arg(g, arg, &gpa, &page))
		say_row(g, TABLE_NPT, page);
}

static void say_owner(struct gdb *g, const char *arg)
{
	uint64_t gpa;
	unsigned page;
	if (gpa_arg(g, arg, &gpa, &page))
		reply_add(&g->console, "GPA 0x%llx: owner %s\n", (unsigned long long)gpa,
		          owner_name((enum ghost_owner)g->m.s->ghost.owner[page]));
}

static void say_violations(struct gdb *g)
{
	if (g->m.nviolations == 0)
		reply_add(&g->console, "no check fails on this trace\n");
	for (size_t k = 0; k < g->m.nviolations; k++) {
		const struct violation *v = &g->m.violations[k];
		size_t step = model_violation_step(&g->m, k) + 1;
		reply_add(&g->console, "step %zu%s: %s at %s:%d: %s\n", step,
		          step > g->m.cursor ? " (ahead)" : "", v->clause,
		          v->site.file ? v->site.file : "-", v->site.file ? v->site.line : 0, v->message);
	}
}

static void say_goto(struct gdb *g, const char *arg)
{
	unsigned long long n;
	if (!cli_number(arg, g->t.n, &n)) {
		reply_add(&g->console, "goto takes a step number, 0..%zu\n", g->t.n);
		return;
	}
	model_goto(&g->m, (size_t)n);
	reply_add(&g->console, "now after step %zu of %zu\n", g->m.cursor, g->t.n);
}

bool monitor_run(struct gdb *g, const char *cmd)
{
	char word[16] = "", arg[64] = "";
	const char *sp = strchr(cmd, ' ');
	size_t wl = sp ? (size_t)(sp - cmd) : strlen(cmd);
	if (wl >= sizeof(word))
		return false;
	memcpy(word, cmd, wl);
	if (sp) {
		while (*sp == ' ')
			sp++;
		if (strlen(sp) >= sizeof(arg))
			return false;
		strcpy(arg, sp);
	}
	bool has_arg = arg[0] != '\0';
	if (strcmp(word, "help") == 0 && !has_arg)
		say_help(g);
	else if (strcmp(word, "step") == 0 && !has_arg)
		say_step(g);
	else if (strcmp(word, "violations") == 0 && !has_arg)
		say_violations(g);
	else if (strcmp(word, "bugs") == 0 && !has_arg) {
		char names[256];
		catalog_names(g->t.cfg.bugs, names, sizeof(names));
		reply_add(&g->console, "bugs: %s\n", names);
	} else if (strcmp(word, "rmp") == 0 && has_arg)
		say_rmp(g, arg);
	else if (strcmp(word, "npt") == 0 && has_arg)
		say_npt(g, arg);
	else if (strcmp(word, "owner") == 0 && has_arg)
		say_owner(g, arg);
	else if (strcmp(word, "goto") == 0 && has_arg)
		say_goto(g, arg);
	else
		return false;
	return true;
}
