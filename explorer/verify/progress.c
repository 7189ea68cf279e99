/*
 * progress.c: how far a run is, and whether it is to stop.
 *
 * verify_run() (verify.c) calls progress_case() after each case, and the
 * search (paths.c) calls progress_poll() between two of its steps, which
 * is at least once per Z3 query. The progress goes to o->progress: on a
 * terminal one line, rewritten in place, with the cases done of all and
 * a guess of the time left; in a log (CI, a pipe) a line every few
 * seconds about the case under way, so the log stays short. In a worker
 * process (workers.c) the search's progress is relayed to the run's
 * process, which shows it as its own.
 *
 * Stopping is the caller's to ask (o->cancelled): `svsmlab verify` reads
 * the flag its SIGINT handler sets (explorer/cli/interrupt.h), the
 * explorer its keys. Once asked, the solver answers every check with
 * "unknown" at once (struct vq's stopped), so the search returns within
 * the Z3 query under way, and the case it was in has no verdict.
 *
 * The query under way is not cut short. Z3_interrupt() is the only way,
 * and it is not safe from a signal handler: it takes the context's mutex,
 * which Z3_solver_check() also takes as it starts and ends; a SIGINT that
 * came at that moment would wait for itself forever. Calling it from a
 * second thread would be safe, but would not help the explorer, which can
 * read its keys only in its own thread, between two queries; and a query
 * takes a fraction of a second (a whole `svsmlab verify` on the loaded
 * two-core machine: 0.24 s on average, 5.2 s the longest), each bounded
 * by the time-out (--timeout). So the run stops when the query under way
 * ends, and a second Ctrl-C stops the command at once (interrupt.h).
 */
#include <sys/ioctl.h>
#include <unistd.h>

#include "verifier.h"
#include "../cli/clock.h"

#define TTY_EVERY 0.2      /* seconds between two redraws of the terminal's line */
#define LOG_EVERY 2.0      /* seconds between two lines of a log */

void verify_progress_text(const struct verify_progress *p, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%u/%u cases", p->done, p->total);
	if (n < 0 || (size_t)n >= len || p->done == 0 || p->done >= p->total)
		return;
	double left = p->seconds / p->done * (p->total - p->done);
	if (left < 90)
		snprintf(buf + n, len - (size_t)n, ", about %.0f s left", left);
	else
		snprintf(buf + n, len - (size_t)n, ", about %.0f min left", left / 60);
}

void progress_start(struct vrun *r, const struct verify_options *o, struct vq *q,
                    unsigned total)
{
	*r = (struct vrun){ .o = o, .q = q, .total = total, .started = cli_clock() };
	r->tty = o->progress && isatty(fileno(o->progress));
}

static struct verify_progress how_far(const struct vrun *r, const char *title)
{
	return (struct verify_progress){ r->done, r->total, cli_clock() - r->started, title };
}

/* The terminal's line: how far the run is, then what (the case under way) says. */
static void tty_line(struct vrun *r, const char *what)
{
	struct verify_progress p = how_far(r, NULL);
	char far[64], line[256];
	struct winsize ws;
	int width = ioctl(fileno(r->o->progress), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1
	            ? ws.ws_col : 80;
	verify_progress_text(&p, far, sizeof(far));
	snprintf(line, sizeof(line), "verify: %s%s%s", far, what ? "; " : "", what ? what : "");
	/* One column short of the width: a full line would wrap, and \r not reach its start. */
	fprintf(r->o->progress, "\r%.*s\033[K", width - 1, line);
	fflush(r->o->progress);
	r->shown = true;
}

bool progress_stopped(struct vrun *r)
{
	const struct verify_options *o = r->o;
	if (!r->q->stopped && o->cancelled) {
		struct verify_progress p = how_far(r, NULL);
		r->q->stopped = o->cancelled(o->arg, &p);
	}
	return r->q->stopped;
}

void progress_show(struct vrun *r, const char *what)
{
	if (!r->o->progress)
		return;
	if (r->tty) {
		tty_line(r, what);
	} else {
		fprintf(r->o->progress, "verify: %s\n", what);
		fflush(r->o->progress);
	}
}

bool progress_poll(struct vengine *e)
{
	struct vrun *r = e->run;
	double now = cli_clock();
	if ((e->o->progress || r->relay) && now - e->last_progress >= (r->tty ? TTY_EVERY : LOG_EVERY)) {
		char what[200];
		e->last_progress = now;
		snprintf(what, sizeof(what), "%s: %lu paths, %lu queries, %.0f s", e->title,
		         e->res->paths, e->q->queries - e->queries_before, now - e->started);
		if (r->relay)
			r->relay(r, what);
		else
			progress_show(r, what);
	}
	return progress_stopped(r);
}

void progress_hide(struct vrun *r)
{
	if (!r->shown)
		return;
	fputs("\r\033[K", r->o->progress);
	fflush(r->o->progress);
	r->shown = false;
}

void progress_case(struct vrun *r, const char *title)
{
	r->done++;
	if (r->o->on_case) {
		struct verify_progress p = how_far(r, title);
		r->o->on_case(r->o->arg, &p);
	}
	if (r->tty && r->done < r->total)
		tty_line(r, NULL);
}
