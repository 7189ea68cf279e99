/*
 * trace_file.c: the trace-file harness, libFuzzer's entry for the loader
 * of trace files (explorer/luadata/trace_load.c).
 *
 * Trace files come from other people (a counterexample someone sent), so
 * the loader meets hostile text: the fuzzer's bytes are written to a file
 * and loaded exactly as `svsmlab run`, `check` and `dot` load one, with
 * no Lua library. Most inputs are refused with a message; that is fine.
 *
 * The oracle, besides ASan and UBSan: a trace that loads writes out as a
 * file that loads back to the same trace (the Lua text of both is
 * compared), and its JSON form can be written. The kit has no JSON
 * reader to fuzz.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../explorer/luadata/trace_load.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];      /* the file the loader reads */

static void remove_scratch(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof(path), "%.40s/svsmlab-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0 || close(fd) != 0) {
		perror("fuzz: a scratch file");
		exit(2);
	}
	atexit(remove_scratch);
	return 0;
}

static void put_file(const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

/* The trace as a Lua or JSON file's text (the caller frees it). */
static char *text_of(const struct trace *t, bool json)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		abort();
	if (json)
		trace_write_json(f, t);
	else
		trace_write_lua(f, t);
	if (fclose(f) != 0)
		abort();
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t, back;
	char err[512];
	put_file(data, size);
	if (trace_load(path, &t, err, sizeof(err)) != 0)
		return 0;
	char *text = text_of(&t, false);
	free(text_of(&t, true));
	put_file(text, strlen(text));
	if (trace_load(path, &back, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz: a written trace does not load back: %s\n%s", err, text);
		abort();
	}
	char *again = text_of(&back, false);
	if (strcmp(text, again) != 0) {
		fprintf(stderr, "fuzz: a trace loads back changed:\n%s--- became ---\n%s", text, again);
		abort();
	}
	free(again);
	free(text);
	trace_free(&back);
	trace_free(&t);
	return 0;
}
