/*
 * text.c: `svsmlab explore --text`, the run as plain text.
 *
 * For logs and slides, and whenever standard output is not a terminal:
 * every step of the trace, the events it caused, what it changed in the
 * RMP and the nested page table (the cells the panes would highlight),
 * the watches it changed, and the checks that fired, in the same report
 * format as `svsmlab demo`.
 */
#include <string.h>

#include "model.h"
#include "../ghost/ghost.h"

/* Every cell of the table the step changed: "RMP SPA 01000: GPA 01000 -> 20000, ...". */
static void print_changes(FILE *out, enum table tb, const struct pages *a, const struct pages *b)
{
	static unsigned rows[MACHINE_MAX_PAGES];
	unsigned ncols, nrows = table_rows(tb, a, b, rows, MACHINE_MAX_PAGES);
	const struct column *cols = table_columns(tb, &ncols);
	for (unsigned i = 0; i < nrows; i++) {
		bool any = false;
		if (!row_changed(tb, a, b, rows[i]))
			continue;
		for (unsigned c = 1; c < ncols; c++) {
			char x[32], y[32];
			if (!cell_changed(tb, a, b, rows[i], c))
				continue;
			if (!any) {
				cols[0].show(b, rows[i], x, sizeof(x));
				fprintf(out, "        %s %s %s:", tb == TABLE_RMP ? "RMP" : "NPT",
				        cols[0].head, x);
			}
			cols[c].show(a, rows[i], x, sizeof(x));
			cols[c].show(b, rows[i], y, sizeof(y));
			fprintf(out, "%s %s %s -> %s", any ? "," : "", cols[c].name, x, y);
			any = true;
		}
		if (any)
			fputc('\n', out);
	}
}

/* The watches: all of them (at the start), or those the step just carried out changed. */
static void print_watches(FILE *out, const struct model *m, bool all)
{
	for (unsigned k = 0; k < m->nwatches; k++)
		if (all || (m->cursor && m->watch_changed[k * m->t->n + m->cursor - 1])) {
			char v[WATCH_TEXT_MAX];
			model_watch_value(m, k, v, sizeof(v));
			fprintf(out, "        watch %s = %s\n", m->watches[k].text, v);
		}
}

void text_run(FILE *out, struct model *m)
{
	char line[256], bugs[256];
	const struct trace *t = m->t;
	catalog_names(t->cfg.bugs, bugs, sizeof(bugs));
	fprintf(out, "trace: %zu steps; machine: %u pages, %u vCPU(s); bugs: %s\n", t->n,
	        m->s->m.npages, model_vcpus(m), bugs);
	fputs("(the numbers at the left count events from power-on; a label 0123h lists who may\n"
	      " learn a page's bytes: VMPL0-3 and the hypervisor, '-' for one that may not)\n", out);
	model_goto(m, 0);
	print_watches(out, m, true);
	for (size_t i = 0; i < t->n; i++) {
		model_goto(m, i + 1);
		const struct step_info *in = &m->info[i];
		describe_step(&t->steps[i], line, sizeof(line));
		fprintf(out, "\nstep %zu/%zu: %s\n", i + 1, t->n, line);
		if (in->refused)
			fprintf(out, "        refused: %s\n", in->why);
		for (size_t k = 0; k < in->nevents; k++) {
			describe_event_line(&m->events[in->first_event + k], line, sizeof(line));
			fprintf(out, "  %s\n", line);
		}
		if (t->steps[i].action == T_READ && !in->refused) {
			describe_guest_read(m, &t->steps[i], line, sizeof(line));
			fprintf(out, "        %s\n", line);
		}
		print_changes(out, TABLE_RMP, &m->before, &m->now);
		print_changes(out, TABLE_NPT, &m->before, &m->now);
		print_watches(out, m, false);
		for (size_t k = 0; k < in->nviolations; k++) {
			fputc('\n', out);
			report_violation(out, &m->violations[in->first_violation + k]);
		}
	}
	if (m->nviolations)
		fprintf(out, "\n%zu check(s) fired; the first: %s\n", m->nviolations,
		        model_first_clause(m));
	else
		fprintf(out, "\nno check fired\n");
}
