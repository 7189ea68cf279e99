/*
 * workers.c: the cases of a run on worker processes (verify -j N).
 *
 * Each case runs in a process of its own, forked from the run's process
 * once the specs are loaded (verify_run: the Z3 contexts opened, nothing
 * asked of them yet), at most o->jobs at a time. A case therefore starts
 * from the same memory whatever ran before it and wherever it runs: the
 * simulator's globals, the race detector's, the module's coroutines, and
 * Z3's contexts, whose terms, numbering and so models depend on what was
 * asked of them before (a case run after others may be given another
 * model, and so another counterexample, than the same case run alone).
 * That is why the report is the same for every N, and why this is
 * processes, not threads: none of that state would have to be made
 * thread-safe, and Z3's timer threads never exist in the process that
 * forks.
 *
 * The run's process hands the cases out in order and takes their results
 * in order (workers_case), so the report is printed as one process would
 * print it. A worker sends, over a socket of its own:
 *
 *   PROGRESS  a line about its case, now and then (progress.c shows it)
 *   NUMBER    it found a counterexample and asks which file of the run it
 *             is: the n-th (prove.c names it) counts only the cases
 *             before it, so the answer waits until they are all in
 *   RESULT    verify_case's result, with the error report it printed and
 *             whatever it wrote to standard error, which the run prints
 *             when the case's turn comes
 *
 * and is sent 's' (stop: the run is interrupted; it ends its case as
 * verify_case does when cancelled) or 'n' and the number. Where one
 * process would have stopped, at the first error without --all, the
 * workers on later cases are killed: they have written nothing, since a
 * worker writes its counterexample only once it has its number, which is
 * only given when every case before it is in and none is an error.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "verifier.h"

#define POLL_MS 100        /* how often the run's process asks o->cancelled while it waits */

enum msg { MSG_PROGRESS, MSG_NUMBER, MSG_RESULT };

/* A message's header; its body (len bytes) follows. */
struct frame {
	uint32_t type, len;
};

/* The fixed part of a RESULT; the report and the standard error follow. */
struct outcome {
	bool finished;                    /* verify_case's answer */
	bool numbered;                    /* it wrote a counterexample of the run (a number was used) */
	struct verify_case_result r;
	struct vscope scope;
	char cex[256];
	uint32_t report_len, stderr_len;
};

/* A case's result, once in. */
struct slot {
	bool in;
	struct outcome o;
	char *text;                       /* the report, then the standard error */
};

/* A worker: the process running one case. */
struct job {
	pid_t pid;                        /* 0: the slot is free */
	int fd;                           /* the run's end of its socket */
	unsigned i;                       /* its case */
	bool asks;                        /* it waits for its counterexample's number */
	char *buf;                        /* what it sent, not yet a whole message */
	size_t len, cap;
};

struct workers {
	const struct verify_options *o;
	struct vrun *run;
	const struct vcases *cs;
	bool report;
	struct job *jobs;                 /* o->jobs of them */
	struct slot *slots;               /* one per case */
	unsigned next;                    /* the next case to start */
	unsigned end;                     /* cases from here on are not started */
	bool stopped;                     /* the run is interrupted: the workers were told */
};

/* --- in the worker ---------------------------------------------------------- */

/* The worker's own: its socket, whether it was told to stop, whether it took a number. */
struct self {
	int fd;
	bool stop, numbered;
};

/* All n bytes of p sent (out) or received; false when the other end is gone. */
static bool whole(int fd, void *p, size_t n, bool out)
{
	char *c = p;
	while (n > 0) {
		ssize_t k = out ? send(fd, c, n, MSG_NOSIGNAL) : recv(fd, c, n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		c += k;
		n -= (size_t)k;
	}
	return true;
}

/* Send a message: its header, then its body in up to three parts. The run gone, the worker ends. */
static void say(int fd, enum msg type, const void *a, size_t na, const void *b, size_t nb,
                const void *c, size_t nc)
{
	struct frame f = { type, (uint32_t)(na + nb + nc) };
	if (!whole(fd, &f, sizeof(f), true) || !whole(fd, (void *)a, na, true) ||
	    !whole(fd, (void *)b, nb, true) || !whole(fd, (void *)c, nc, true))
		_exit(1);
}

static void relay(struct vrun *r, const char *what)
{
	struct self *me = r->worker;
	say(me->fd, MSG_PROGRESS, what, strlen(what), NULL, 0, NULL, 0);
}

/* o->cancelled in a worker: has the run said stop (or gone away)? */
static bool told_to_stop(void *arg, const struct verify_progress *p)
{
	(void)p;
	struct self *me = arg;
	struct pollfd pfd = { me->fd, POLLIN, 0 };
	char c;
	if (!me->stop && poll(&pfd, 1, 0) > 0)
		me->stop = recv(me->fd, &c, 1, 0) <= 0 || c == 's';
	return me->stop;
}

/* The counterexample's number, from the run; a stop on the way is kept for later. */
static unsigned ask_number(struct vrun *r)
{
	struct self *me = r->worker;
	char c = 0;
	uint32_t n;
	say(me->fd, MSG_NUMBER, NULL, 0, NULL, 0, NULL, 0);
	me->numbered = true;
	while (c != 'n') {
		if (!whole(me->fd, &c, 1, false))
			_exit(1);
		me->stop = me->stop || c == 's';
	}
	if (!whole(me->fd, &n, sizeof(n), false))
		_exit(1);
	return n;
}

/* All of f, from its start, in a buffer of its own (*len bytes). */
static char *slurp(FILE *f, size_t *len)
{
	char *text = NULL;
	*len = 0;
	if (!f || fflush(f) != 0 || fseek(f, 0, SEEK_END) != 0)
		return NULL;
	long size = ftell(f);
	if (size <= 0 || !(text = malloc((size_t)size)))
		return NULL;
	rewind(f);
	*len = fread(text, 1, (size_t)size, f);
	return text;
}

/*
 * The worker of case i, in the forked process: verify_case with the
 * run's progress, stop and numbering going over the socket, its report
 * and its standard error kept for the run to print. Never returns.
 */
static void worker(struct workers *w, unsigned i, int fd)
{
	struct self me = { fd, false, false };
	struct verify_options o = *w->o;
	o.progress = NULL;
	o.on_case = NULL;
	o.cancelled = told_to_stop;
	o.arg = &me;
	struct vrun run = *w->run;
	run.o = &o;
	run.shown = false;
	run.relay = relay;
	run.number = ask_number;
	run.worker = &me;
	struct outcome out = { 0 };
	FILE *report = w->report ? tmpfile() : NULL;
	FILE *err = tmpfile();
	fflush(stderr);
	if (err)
		dup2(fileno(err), STDERR_FILENO);
	out.finished = verify_case(&run, &o, &w->cs->c[i], report, &out.r, &out.scope, out.cex,
	                           sizeof(out.cex));
	out.numbered = me.numbered;
	fflush(stderr);
	size_t nreport, nerr;
	char *text = slurp(report, &nreport), *errtext = slurp(err, &nerr);
	out.report_len = (uint32_t)nreport;
	out.stderr_len = (uint32_t)nerr;
	say(fd, MSG_RESULT, &out, sizeof(out), text, nreport, errtext, nerr);
	_exit(0);
}

/* --- in the run's process --------------------------------------------------- */

int workers_open(struct workers **wp, const struct verify_options *o, struct vrun *run,
                 const struct vcases *cs, bool report, char *err, size_t errlen)
{
	struct workers *w = calloc(1, sizeof(*w));
	if (w) {
		*w = (struct workers){ .o = o, .run = run, .cs = cs, .report = report, .end = cs->n };
		w->jobs = calloc(o->jobs, sizeof(*w->jobs));
		w->slots = calloc(cs->n ? cs->n : 1, sizeof(*w->slots));
	}
	if (!w || !w->jobs || !w->slots) {
		snprintf(err, errlen, "out of memory");
		workers_close(w);
		return -1;
	}
	*wp = w;
	return 0;
}

/* Start case w->next on the free job j (a fork that fails leaves the case unknown, with why). */
static void start(struct workers *w, struct job *j)
{
	unsigned i = w->next++;
	int sv[2] = { -1, -1 };
	fflush(NULL);   /* nothing buffered here is written twice */
	pid_t pid = socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 ? fork() : -1;
	if (pid == 0) {
		close(sv[0]);
		for (unsigned k = 0; k < w->o->jobs; k++)
			if (w->jobs[k].pid)
				close(w->jobs[k].fd);
		worker(w, i, sv[1]);
	}
	if (pid < 0) {
		struct slot *s = &w->slots[i];
		int why = errno;
		if (sv[0] >= 0) {
			close(sv[0]);
			close(sv[1]);
		}
		s->in = true;
		s->o.finished = true;
		s->o.r.verdict = VERDICT_UNKNOWN;
		snprintf(s->o.r.why, sizeof(s->o.r.why), "no worker process: %s", strerror(why));
		return;
	}
	close(sv[1]);
	*j = (struct job){ .pid = pid, .fd = sv[0], .i = i };
}

/* The job's process gone: killed unless it ended of itself, and waited for. */
static void reap(struct job *j, bool kill_it)
{
	int status;
	if (kill_it)
		kill(j->pid, SIGKILL);
	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(j->fd);
	free(j->buf);
	*j = (struct job){ 0 };
}

/*
 * Where one process would have stopped: no case after i is started, and
 * the workers on them are killed (their cases are never reported).
 */
static void stop_after(struct workers *w, unsigned i)
{
	if (w->o->all || i + 1 >= w->end)
		return;
	w->end = i + 1;
	for (unsigned k = 0; k < w->o->jobs; k++)
		if (w->jobs[k].pid && w->jobs[k].i > i)
			reap(&w->jobs[k], true);
}

/* The message in j's buffer, taken in. */
static void take(struct workers *w, struct job *j, const struct frame *f, const char *body)
{
	struct slot *s = &w->slots[j->i];
	switch (f->type) {
	case MSG_PROGRESS: {
		char what[256];
		snprintf(what, sizeof(what), "%.*s", (int)f->len, body);
		progress_show(w->run, what);
		break;
	}
	case MSG_NUMBER:
		j->asks = true;
		stop_after(w, j->i);   /* the case is an error: verify_case judges every finding */
		break;
	case MSG_RESULT:
		if (f->len < sizeof(s->o))
			break;
		memcpy(&s->o, body, sizeof(s->o));
		s->text = malloc(f->len - sizeof(s->o) + 1);
		if (s->text)
			memcpy(s->text, body + sizeof(s->o), f->len - sizeof(s->o));
		else
			s->o.report_len = s->o.stderr_len = 0;
		s->in = true;
		break;
	}
}

/* Read what j sent; the whole messages are taken in. */
static void receive(struct workers *w, struct job *j)
{
	if (j->cap - j->len < 65536) {
		size_t cap = j->cap ? 2 * j->cap : 65536;
		char *grown = realloc(j->buf, cap);
		if (!grown) {
			reap(j, true);
			return;
		}
		j->buf = grown;
		j->cap = cap;
	}
	ssize_t k = read(j->fd, j->buf + j->len, j->cap - j->len);
	if (k < 0 && errno == EINTR)
		return;
	if (k <= 0) {   /* it ended: whatever it did not send, it never will */
		struct slot *s = &w->slots[j->i];
		if (!s->in) {
			s->in = true;
			s->o.finished = true;
			s->o.r.verdict = VERDICT_UNKNOWN;
			snprintf(s->o.r.why, sizeof(s->o.r.why), "its worker process died");
		}
		reap(j, false);
		return;
	}
	j->len += (size_t)k;
	size_t at = 0;
	struct frame f;
	while (j->len - at >= sizeof(f)) {
		memcpy(&f, j->buf + at, sizeof(f));
		if (j->len - at - sizeof(f) < f.len)
			break;
		take(w, j, &f, j->buf + at + sizeof(f));
		at += sizeof(f) + f.len;
	}
	memmove(j->buf, j->buf + at, j->len - at);
	j->len -= at;
}

/*
 * A worker that asks for its counterexample's number gets it once every
 * case before its own is in: one more than the files they wrote. One of
 * them unfinished (the run was interrupted), its case is not reported
 * either, and it is killed before it writes anything.
 */
static void answer(struct workers *w, struct job *j)
{
	uint32_t n = 1;
	for (unsigned i = 0; i < j->i; i++) {
		if (!w->slots[i].in)
			return;
		if (!w->slots[i].o.finished) {
			reap(j, true);
			return;
		}
		n += w->slots[i].o.numbered;
	}
	char c = 'n';
	j->asks = false;
	if (send(j->fd, &c, 1, MSG_NOSIGNAL) != 1 || send(j->fd, &n, sizeof(n), MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(n))
		reap(j, true);
}

/* Is the run to stop (the caller asked)? Once it is, every worker is told. */
static bool stopped(struct workers *w)
{
	if (!w->stopped && progress_stopped(w->run)) {
		w->stopped = true;
		for (unsigned k = 0; k < w->o->jobs; k++)
			if (w->jobs[k].pid && send(w->jobs[k].fd, "s", 1, MSG_NOSIGNAL) != 1)
				reap(&w->jobs[k], true);
	}
	return w->stopped;
}

/* One round: the caller asked, cases started on free workers, what they sent taken in. */
static void pump(struct workers *w)
{
	struct pollfd pfd[VERIFY_MAX_JOBS];
	struct job *of[VERIFY_MAX_JOBS];
	unsigned n = 0;
	stopped(w);
	for (unsigned k = 0; k < w->o->jobs; k++) {
		struct job *j = &w->jobs[k];
		if (!j->pid && !w->stopped && w->next < w->end)
			start(w, j);
		if (j->pid) {
			pfd[n] = (struct pollfd){ j->fd, POLLIN, 0 };
			of[n++] = j;
		}
	}
	if (poll(pfd, n, POLL_MS) > 0)
		for (unsigned k = 0; k < n; k++)
			if (pfd[k].revents && of[k]->pid)
				receive(w, of[k]);
	for (unsigned k = 0; k < w->o->jobs; k++)
		if (w->jobs[k].pid && w->jobs[k].asks)
			answer(w, &w->jobs[k]);
}

bool workers_case(struct workers *w, unsigned i, FILE *out, struct verify_case_result *r,
                  struct vscope *scope, char *cex_path, size_t cex_len)
{
	struct slot *s = &w->slots[i];
	stopped(w);   /* asked before each case, as in one process */
	while (!s->in) {
		if (i >= w->next && (w->stopped || i >= w->end))
			return false;   /* never started: the run was stopped first */
		pump(w);
	}
	for (unsigned k = 0; k < w->o->jobs; k++)
		if (w->jobs[k].pid && w->jobs[k].i == i)
			reap(&w->jobs[k], false);   /* it has said all: it ends */
	if (s->o.r.verdict == VERDICT_ERROR)
		stop_after(w, i);
	progress_hide(w->run);
	if (s->text) {
		fwrite(s->text + s->o.report_len, 1, s->o.stderr_len, stderr);
		if (out)
			fwrite(s->text, 1, s->o.report_len, out);
	}
	*r = s->o.r;
	*scope = s->o.scope;
	snprintf(cex_path, cex_len, "%s", s->o.cex);
	return s->o.finished;
}

void workers_close(struct workers *w)
{
	if (!w)
		return;
	for (unsigned k = 0; w->jobs && k < w->o->jobs; k++)
		if (w->jobs[k].pid)
			reap(&w->jobs[k], true);
	for (unsigned i = 0; w->slots && i < w->cs->n; i++)
		free(w->slots[i].text);
	free(w->slots);
	free(w->jobs);
	free(w);
}
