/*
 * prove.c: a finding of the search, proven by replay or not.
 *
 * The search (paths.c) stops at the first clause it finds broken, with
 * the counterexample as a trace (model.c). Here it is written as a Lua
 * trace and as JSON, read back, and replayed on a fresh machine
 * (check_replay_file, explorer/check/run.c): proven when the replay fires
 * the clause. The replay's violations are kept for the report (report.c).
 * A counterexample that does not replay is spurious: still an error,
 * reported side by side with what its replay did, never dropped.
 */
#include <errno.h>
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
static void cex_name(const struct vengine *e, unsigned n, char *out, size_t size)
{
	const char *base = e->o->out ? e->o->out : "counterexample.lua";
	if (n <= 1) {
		snprintf(out, size, "%s", base);
		return;
	}
	size_t len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".lua") == 0)
		len -= 4;
	snprintf(out, size, "%.*s-%u.lua", (int)len, base, n);
}

void prove_finding(struct vengine *e, struct replay_violations *fired)
{
	struct verify_case_result *r = e->r;
	char why[256] = "";
	fired->n = 0;
	if (!e->have_cex)
		return;   /* r->why says why it could not be rebuilt */
	char path[256], json[260];
	cex_name(e, ++*e->nerrors, path, sizeof(path));
	trace_json_name(path, json, sizeof(json));
	if (write_file(path, &e->cex, false, why, sizeof(why)) != 0 ||
	    write_file(json, &e->cex, true, why, sizeof(why)) != 0) {
		snprintf(r->why, sizeof(r->why), "%s", why);
		r->unwritten = true;
	} else {
		r->proven = check_replay_file(path, NULL, fired, why, sizeof(why));
		if (!r->proven)
			snprintf(r->why, sizeof(r->why), "%s", why);
	}
	snprintf(e->cex_path, sizeof(e->cex_path), "%s", r->unwritten ? "" : path);
}
