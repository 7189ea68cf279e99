/*
 * counterexample.c: C runs `svsmlab verify` from inside the explorer.
 *
 * The module verified is the one explored: the bugs switched on in the
 * current trace (B switches them). verify_run() (explorer/verify) writes
 * its report into memory, not on the screen; what it found decides what
 * happens here:
 *
 *   a proven counterexample   its trace becomes a new branch, the cursor
 *                             on the step where the check fires, and the
 *                             report (headline, call site, clause) shows
 *                             in an overlay
 *   a spurious one, or a case the verifier could not decide
 *                             the report shows; the trace explored stays
 *   every case verified       a message with the counts; the trace stays
 *
 * The run is in the explorer's own thread: between two steps of its
 * search it asks whether to stop (struct verify_options' cancelled), and
 * that is when the keys are read, without waiting, and the bottom line
 * says how far it is (cases done of all, the time left). Esc cancels it:
 * the trace explored stays, and nothing the unfinished case found is
 * loaded. ^C, SIGTERM and SIGHUP cancel it too, and then quit the
 * explorer. Counterexample files go to a directory made with mkdtemp on
 * the first run and removed when the explorer quits (the report names the
 * file; `s` saves the branch somewhere lasting).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"
#include "../cli/clock.h"
#include "../luadata/trace_load.h"
#include "../verify/verify.h"

#define CEX_FILE "counterexample.lua"
#define KEYS_EVERY 0.05    /* seconds between two looks at the keyboard while verifying */
#define ESC 27

/* A directory of our own for the counterexamples: false (and a message) if none. */
static bool cex_dir(struct ui *u)
{
	if (u->cex_dir[0])
		return true;
	const char *tmp = getenv("TMPDIR");
	snprintf(u->cex_dir, sizeof(u->cex_dir), "%s/svsmlab-explore-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(u->cex_dir)) {
		ui_message(u, "cannot make a directory for counterexamples in %s", tmp ? tmp : "/tmp");
		u->cex_dir[0] = '\0';
		return false;
	}
	return true;
}

void counterexample_cleanup(struct ui *u)
{
	free(u->report);
	u->report = NULL;
	if (!u->cex_dir[0])
		return;
	DIR *d = opendir(u->cex_dir);
	if (d) {   /* only the verifier writes here: the .lua, its .json */
		char path[sizeof(u->cex_dir) + 300];
		for (struct dirent *e; (e = readdir(d));) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", u->cex_dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(u->cex_dir);
	u->cex_dir[0] = '\0';
}

/* --- the report ------------------------------------------------------------ */

/* The rest of the report's first line that starts (past blanks) with key, or NULL. */
static const char *report_line(const char *text, const char *key)
{
	for (const char *line = text; line && *line;) {
		const char *p = line + strspn(line, " ");
		if (strncmp(p, key, strlen(key)) == 0)
			return p + strlen(key);
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return NULL;
}

/* That rest of the line, into buf ("" when there is no such line). */
static void report_field(const char *text, const char *key, char *buf, size_t len)
{
	const char *p = report_line(text, key);
	snprintf(buf, len, "%.*s", p ? (int)strcspn(p, "\n") : 0, p ? p : "");
}

/*
 * What the overlay shows: the report without its header (what is
 * verified, up to the first blank line) and without the line of each
 * verified case, which would bury the one that matters.
 */
static void keep_report(struct ui *u, const char *text)
{
	const char *body = strstr(text, "\n\n");
	body = body ? body + 2 : text;
	free(u->report);
	u->report = malloc(strlen(body) + 1);
	u->report_lines = 0;
	if (!u->report)
		return;
	char *out = u->report;
	for (const char *line = body; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
		if (strncmp(line, "  verified ", 11) != 0) {
			memcpy(out, line, n);
			out += n;
			u->report_lines++;
		}
		line += n;
	}
	*out = '\0';
}

static void report_row(const struct ui *u, int i, char *buf, size_t len)
{
	const char *line = u->report;
	for (; i > 0 && line; i--) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	const char *end = line ? strchr(line, '\n') : NULL;
	snprintf(buf, len, "%.*s", line ? (end ? (int)(end - line) : (int)strlen(line)) : 0,
	         line ? line : "");
}

void draw_report(struct ui *u)
{
	draw_list("svsmlab verify", "j/k scroll; any other key closes", u->report_lines, &u->list,
	          report_row, u);
}

void keys_report(struct ui *u, int ch)
{
	if (list_move(&u->list, u->report_lines, LINES / 2, ch))
		return;
	u->mode = MODE_MAIN;
	free(u->report);
	u->report = NULL;
}

static void show_report(struct ui *u, const char *text)
{
	keep_report(u, text);
	if (u->report) {
		u->mode = MODE_REPORT;
		u->list = (struct list_state){ -1, 0 };
	}
}

/* --- what it found ------------------------------------------------------------ */

/* The counterexample at path as a new branch, the cursor where its check fires. */
static void load(struct ui *u, const char *path, const char *text,
                 const struct verify_summary *sum)
{
	char err[256], what[96], site[96];
	struct trace t;
	if (trace_load(path, &t, err, sizeof(err)) != 0) {
		ui_message(u, "cannot read the counterexample: %s", err);
		return;
	}
	snprintf(what, sizeof(what), "verify's counterexample: %.60s", sum->first.title);
	if (branches_add(u->bs, &t, what) < 0) {
		trace_free(&t);
		ui_message(u, "out of memory");
		return;
	}
	ui_use(u, branch_trace(u->bs), 0);
	if (u->quit)
		return;
	long v = model_next_violation(u->m, 0);
	model_goto(u->m, v < 0 ? u->m->t->n : (size_t)v + 1);
	report_field(text, "--> ", site, sizeof(site));
	ui_message(u, "verify, %.1f s: %s at %s -> branch %u", sum->seconds, sum->first.clause,
	           site, u->bs->cur + 1);
}

/* --- while it runs ------------------------------------------------------------ */

/* What the bottom line says while the verifier runs, and what the keys asked. */
struct verifying {
	struct ui *u;
	char what[256];               /* what is verified, in words */
	double last_keys;             /* when the keyboard was last read */
	long shown;                   /* the whole seconds the bottom line shows, or -1 */
	bool cancelled, resized;
};

/* The bottom line: how far the run is, and what it verifies. */
static void show_progress(struct verifying *w, const struct verify_progress *p)
{
	char far[64];
	verify_progress_text(p, far, sizeof(far));
	w->shown = (long)p->seconds;
	ui_message(w->u, "verifying: %s, %ld s (Esc cancels); %s", far, w->shown, w->what);
	ui_draw(w->u);
}

static void on_case(void *arg, const struct verify_progress *p)
{
	show_progress(arg, p);
}

/*
 * Between two steps of the search: the keys typed meanwhile (Esc cancels;
 * a resize is done once the run is over; the others are dropped), and the
 * seconds on the bottom line. A few times a second: reading the terminal
 * is slower than a step.
 */
static bool cancelled(void *arg, const struct verify_progress *p)
{
	struct verifying *w = arg;
	double now = cli_clock();
	if (ui_signalled())
		w->cancelled = true;
	if (w->cancelled || now - w->last_keys < KEYS_EVERY)
		return w->cancelled;
	w->last_keys = now;
	int delay = wgetdelay(stdscr);
	timeout(0);
	for (int ch; (ch = getch()) != ERR;) {
		w->cancelled |= ch == ESC;
		w->resized |= ch == KEY_RESIZE;
	}
	timeout(delay);
	if (!w->cancelled && (long)p->seconds != w->shown)
		show_progress(w, p);
	return w->cancelled;
}

/* --- C: verify, and load what it found --------------------------------------- */

void counterexample_open(struct ui *u)
{
	uint32_t bugs = u->m->t->cfg.bugs;
	char names[200], path[sizeof(u->cex_dir) + sizeof(CEX_FILE) + 1], err[512];
	catalog_names(bugs, names, sizeof(names));
	if (!cex_dir(u))
		return;
	snprintf(path, sizeof(path), "%s/%s", u->cex_dir, CEX_FILE);
	/* As the catalog says the bugs must be verified: a race needs the pairs of calls. */
	struct verify_options o;
	verify_defaults_for(&o, bugs);
	o.out = path;
	struct verifying w = { .u = u, .shown = -1 };
	snprintf(w.what, sizeof(w.what), "%s, %u vCPU%s, bugs: %s",
	         o.handler ? o.handler : "every core call", o.vcpus, o.vcpus > 1 ? "s" : "", names);
	o.on_case = on_case;
	o.cancelled = cancelled;
	o.arg = &w;
	ui_message(u, "verifying (Esc cancels): %s", w.what);
	ui_draw(u);

	struct verify_summary sum;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc = mem ? verify_run(&o, mem, false, &sum, err, sizeof(err)) : -1;
	if (!mem)
		snprintf(err, sizeof(err), "out of memory");
	else
		fclose(mem);
	clearok(curscr, TRUE);   /* the verifier may have warned on stderr, over the screen */
	flushinp();              /* keys typed while it ran were not meant for what comes next */
	if (w.resized)
		ungetch(KEY_RESIZE);   /* for the loop, which lays the panes out again */

	if (rc != 0) {
		ui_message(u, "verify cannot run: %s", err);
	} else if (sum.interrupted) {
		ui_message(u, "verify cancelled after %u of %u cases (%.1f s): no verdict; this trace "
		           "stays", sum.cases, sum.total, sum.seconds);
	} else if (sum.errors && sum.first.proven) {
		show_report(u, text);
		load(u, sum.first.counterexample, text, &sum);
	} else if (sum.errors) {
		show_report(u, text);
		ui_message(u, "verify, %.1f s: a spurious counterexample (it does not replay); "
		           "this trace stays", sum.seconds);
	} else if (sum.unknown) {
		show_report(u, text);
		ui_message(u, "verify, %.1f s: %u of %u cases not decided; this trace stays",
		           sum.seconds, sum.unknown, sum.cases);
	} else {
		ui_message(u, "verified: %u cases, 0 errors (%s, %u vCPU%s, bugs: %s, %.0f s)",
		           sum.cases, o.handler ? o.handler : "every core call", o.vcpus,
		           o.vcpus > 1 ? "s" : "", names, sum.seconds);
	}
	free(text);
}
