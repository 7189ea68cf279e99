/*
 * prove.c: a finding of the search, proven by replay or not.
 *
 * The search (paths.c) stops at the first clause it finds broken, with
 * the counterexample as a trace (finding.c). Here it is written as a Lua
 * trace and as JSON, read back, and replayed on a fresh machine
 * (check_replay_file, explorer/check/run.c): proven when the replay fires
 * the clause. Before it is written it is shrunk to the moves and values
 * the attack needs (check_shrink, explorer/check/shrink.c). The replay's
 * violations are kept for the report (report.c). A counterexample that
 * does not replay is spurious: still an error, and its path is replayed
 * once more, step by step, so that the report can show each outcome the
 * model gives beside the one the replay got.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

/* FILE.lua -> FILE.json; another name gets .json appended. */
static int write_file(const char *path, const struct trace *t, bool json, char *why,
                      size_t whylen)
{
	if (trace_save(t, path, json) == 0)
		return 0;
	snprintf(why, whylen, "cannot write %.200s: %s", path, strerror(errno));
	return -1;
}

/* The file name of the run's n-th counterexample: out, then out-2.lua, out-3.lua... */
static void cex_name(const char *out, unsigned n, char *name, size_t size)
{
	const char *base = out ? out : "counterexample.lua";
	if (n <= 1) {
		snprintf(name, size, "%s", base);
		return;
	}
	size_t len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".lua") == 0)
		len -= 4;
	snprintf(name, size, "%.*s-%u.lua", (int)len, base, n);
}

/* One move of the hypervisor in a few words. */
static void move_text(const struct trace_step *mv, char *buf, size_t n)
{
	switch (mv->action) {
	case T_RMPUPDATE:
		if (mv->rmpupdate.u.assigned)
			snprintf(buf, n, "rmpupdate 0x%llx -> gpa 0x%llx", (unsigned long long)mv->rmpupdate.spa,
			         (unsigned long long)mv->rmpupdate.u.gpa);
		else
			snprintf(buf, n, "rmpupdate 0x%llx -> shared", (unsigned long long)mv->rmpupdate.spa);
		break;
	case T_MAP:
		snprintf(buf, n, "map 0x%llx -> 0x%llx", (unsigned long long)mv->map.gpa,
		         (unsigned long long)mv->map.spa);
		break;
	case T_UNMAP:
		snprintf(buf, n, "unmap 0x%llx", (unsigned long long)mv->map.gpa);
		break;
	case T_PSMASH:
		snprintf(buf, n, "psmash 0x%llx", (unsigned long long)mv->map.spa);
		break;
	default:
		snprintf(buf, n, "%s 0x%llx", trace_action_name(mv->action),
		         (unsigned long long)mv->mem.addr);
		break;
	}
}

static struct proof_row *new_row(struct proof *p, unsigned kind, unsigned step)
{
	if (p->nrows == p->cap) {
		unsigned cap = p->cap ? 2 * p->cap : 32;
		struct proof_row *grown = realloc(p->rows, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		p->rows = grown;
		p->cap = cap;
	}
	struct proof_row *row = &p->rows[p->nrows++];
	memset(row, 0, sizeof(*row));
	row->kind = kind;
	row->step = step;
	return row;
}

/*
 * The path's steps, replayed from the trace on a fresh machine: a row for
 * each move of the hypervisor, for each racing write, and for each HAL
 * call with the outcome the path gives it beside the one the replay got.
 * Once a step cannot be carried out, the rest are "(not reached)".
 */
static void side_by_side(const struct finding *f, struct proof *p)
{
	struct start st;
	char why[200];
	if (start_open(&st, &f->trace, p->start_why, sizeof(p->start_why)) != 0)
		return;
	bool ok = true;
	for (size_t i = 0; i < f->path_start && ok; i++)
		ok = trace_apply(st.sc, &f->trace.steps[i], p->start_why, sizeof(p->start_why)) == 0;
	p->replay_started = ok;
	unsigned j = 0;
	for (size_t i = f->path_start; p->replay_started && i < f->trace.n && j < f->nsteps; i++) {
		const struct trace_step *ts = &f->trace.steps[i];
		unsigned kind = ts->action == T_STEP ? ROW_STEP : ts->action == T_WRITE ? ROW_RACE
		                                                                        : ROW_MOVE;
		struct proof_row *row = new_row(p, kind, j);
		if (!row)
			break;
		if (kind == ROW_MOVE) {
			move_text(ts, row->what, sizeof(row->what));
			ok = ok && trace_apply(st.sc, ts, why, sizeof(why)) == 0;
			continue;
		}
		const struct finding_step *fs = &f->path[j++];
		if (kind == ROW_RACE) {
			snprintf(row->what, sizeof(row->what), "%u bytes at 0x%llx", (unsigned)ts->mem.len,
			         (unsigned long long)ts->mem.addr);
			ok = ok && trace_apply(st.sc, ts, why, sizeof(why)) == 0;
			continue;
		}
		char buf[48];
		snprintf(row->what, sizeof(row->what), "vcpu%u %s -> %s", fs->vcpu, op_name(fs->ev.op),
		         trace_outcome(&fs->ev, buf, sizeof(buf)));
		snprintf(row->got, sizeof(row->got), "(not reached)");
		unsigned before = st.s->rec.step;
		ok = ok && trace_apply(st.sc, ts, why, sizeof(why)) == 0;
		const struct sim_event *done = ok ? record_event_at(&st.s->rec, before) : NULL;
		if (done && done->actor == ACTOR_MODULE)
			snprintf(row->got, sizeof(row->got), "%s -> %s", op_name(done->op),
			         trace_outcome(done, buf, sizeof(buf)));
	}
	start_close(&st);
}

/* Write t as the counterexample file path (and its JSON) and replay the file. */
static void prove_trace(const struct trace *t, const char *path, struct proof *p)
{
	char json[260];
	trace_json_name(path, json, sizeof(json));
	if (write_file(path, t, false, p->why, sizeof(p->why)) != 0 ||
	    write_file(json, t, true, p->why, sizeof(p->why)) != 0) {
		p->unwritten = true;
		return;
	}
	snprintf(p->path, sizeof(p->path), "%s", path);
	p->proven = check_replay_file(path, NULL, &p->fired, p->why, sizeof(p->why));
}

/*
 * The model's moves, cut down to those the attack needs and given
 * readable values (check_shrink), each candidate replayed on the real
 * module; what is written and proven is the shrunk trace. A trace that
 * cannot be shrunk (it does not fail on replay: the proof will say why)
 * is written as found, and so, should it ever happen, is one whose shrunk
 * file does not prove itself: the rows beside the model's path are the
 * found trace's.
 */
void prove_finding(const struct finding *f, const char *out, unsigned n, struct proof *p)
{
	memset(p, 0, sizeof(*p));
	char path[256], why[256];
	cex_name(out, n, path, sizeof(path));
	struct trace small;
	if (trace_copy(&small, &f->trace) == 0) {
		p->shrunk = check_shrink(&small, SHRINK_MOVES, &p->shrink, why, sizeof(why)) == 0;
		if (p->shrunk)
			prove_trace(&small, path, p);
		trace_free(&small);
		if (p->proven || p->unwritten)
			return;
		p->shrunk = false;
	}
	prove_trace(&f->trace, path, p);
	if (!p->proven && !p->unwritten)
		side_by_side(f, p);
}

void proof_sizes(const struct proof *p, const struct finding *f, struct verify_case_result *r)
{
	r->cex_steps[0] = r->cex_steps[1] = (unsigned)f->trace.n;
	r->cex_moves[0] = r->cex_moves[1] = trace_moves(&f->trace);
	if (p->shrunk) {
		r->cex_steps[1] = (unsigned)p->shrink.steps_after;
		r->cex_moves[1] = p->shrink.moves_after;
	}
	r->shrink_replays = p->shrink.replays;
	r->shrink_seconds = p->shrink.seconds;
}

void proof_free(struct proof *p)
{
	free(p->rows);
	p->rows = NULL;
	p->nrows = p->cap = 0;
}
