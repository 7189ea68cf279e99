/*
 * seeds.c: `build/fuzz/seeds DIR FILE...`, the protocol harness's seeds.
 *
 * Every trace file given (the scenarios of scripts/check/, the fuzzer's
 * own findings in fuzz/regress/) becomes one input in the harness's byte
 * format, DIR/NAME.bin, so the fuzzer starts from programs that reach deep
 * into the module. The bug a file switches on is not part of the format:
 * the harness runs every seed on the module it was built to fuzz. A file
 * that is not a trace is skipped with a note; the exit status is 1 only
 * when a seed cannot be written.
 */
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "../explorer/luadata/trace_load.h"

static int write_seed(const char *dir, const char *file, const struct trace *t)
{
	/* scripts/check/x.lua -> DIR/scripts_check_x.bin: two sources may share a name. */
	const char *dot = strrchr(file, '.');
	size_t len = dot && !strchr(dot, '/') ? (size_t)(dot - file) : strlen(file);
	char name[2048];
	snprintf(name, sizeof(name), "%.*s", (int)len, file);
	for (char *c = name; *c; c++)
		if (*c == '/')
			*c = '_';
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	FILE *out = fopen(path, "wb");
	if (!out) {
		perror(path);
		return -1;
	}
	int rc = program_write_header(out, t->vcpus ? t->vcpus : 1);
	for (size_t i = 0; i < t->n && rc == 0; i++)
		rc = program_write_step(out, &t->steps[i]) < 0 ? -1 : 0;
	if (fclose(out) != 0 || rc != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: seeds DIR FILE...\n");
		return 2;
	}
	int status = 0;
	for (int i = 2; i < argc; i++) {
		struct trace t;
		char err[512];
		if (trace_load(argv[i], &t, err, sizeof(err)) != 0) {
			fprintf(stderr, "seeds: skipping %s\n", err);
			continue;
		}
		if (write_seed(argv[1], argv[i], &t) != 0)
			status = 1;
		trace_free(&t);
	}
	return status;
}
