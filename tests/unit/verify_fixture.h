/*
 * verify_fixture.h: what the tests of `svsmlab verify` share: a directory
 * for the counterexample files, and a run of verify_run() into memory.
 */
#ifndef TEST_VERIFY_FIXTURE_H
#define TEST_VERIFY_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../explorer/verify/verify.h"
#include "../../explorer/catalog/catalog.h"

/* The counterexample files of the run go here; the group's teardown removes it. */
static char tmpdir[] = "/tmp/test_verify.XXXXXX";

static inline int make_tmpdir(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static inline int remove_tmpdir(void **state)
{
	(void)state;
	DIR *d = opendir(tmpdir);
	if (!d)
		return -1;
	char path[512];
	for (struct dirent *e = readdir(d); e; e = readdir(d))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
			unlink(path);
		}
	closedir(d);
	return rmdir(tmpdir);
}

/* What verify_run printed, returned and summed up. */
struct outcome {
	int rc;
	char *text;
	struct verify_summary sum;
	char err[512];
};

static inline void run(const struct verify_options *o, bool json, struct outcome *r)
{
	size_t len;
	FILE *out = open_memstream(&r->text, &len);
	assert_non_null(out);
	r->err[0] = '\0';
	r->rc = verify_run(o, out, json, &r->sum, r->err, sizeof(r->err));
	assert_int_equal(fclose(out), 0);
}

/* A run that must work; fails the test with verify's reason if it does not. */
static inline void run_ok(const struct verify_options *o, bool json, struct outcome *r)
{
	run(o, json, r);
	if (r->rc != 0)
		fail_msg("verify_run: %s", r->err);
}

/* TMPDIR/NAME.lua and its JSON twin. */
static inline void cex_paths(const char *name, char *lua, char *json, size_t n)
{
	snprintf(lua, n, "%s/%s.lua", tmpdir, name);
	snprintf(json, n, "%s/%s.json", tmpdir, name);
}

#endif
