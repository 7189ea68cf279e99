/*
 * source.c: the module's source files, read once each.
 *
 * Call sites name files relative to the repository (svsm/core/x.c); they
 * are found from the working directory or, when the build says where the
 * sources are, from SVSMLAB_SRCDIR, as the violation reports find them
 * (explorer/ghost/report.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "../ghost/ghost.h"

#define MAX_FILES 32

struct source {
	char *name;          /* as the call site names it */
	char **lines;        /* NULL when the file could not be read */
	int n;
};

static struct source files[MAX_FILES];
static int nfiles;

/* Read every line of f; out of memory, what was read so far is kept. */
static void read_lines(struct source *src, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int room = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (src->n == room) {
			room = room ? 2 * room : 256;
			char **more = realloc(src->lines, (size_t)room * sizeof(*more));
			if (!more)
				break;
			src->lines = more;
		}
		line[strcspn(line, "\n")] = '\0';
		src->lines[src->n] = strdup(line);
		if (!src->lines[src->n])
			break;
		src->n++;
	}
	free(line);
}

static struct source *find(const char *file)
{
	for (int i = 0; i < nfiles; i++)
		if (strcmp(files[i].name, file) == 0)
			return &files[i];
	if (nfiles == MAX_FILES)
		return NULL;
	struct source *src = &files[nfiles];
	src->name = strdup(file);
	if (!src->name)
		return NULL;
	nfiles++;
	FILE *f = source_open(file);
	if (f) {
		read_lines(src, f);
		fclose(f);
	}
	return src;
}

const char *source_line(const char *file, int n)
{
	struct source *src = find(file);
	if (!src || n < 1 || n > src->n)
		return NULL;
	return src->lines[n - 1];
}

void source_free(void)
{
	for (int i = 0; i < nfiles; i++) {
		for (int k = 0; k < files[i].n; k++)
			free(files[i].lines[k]);
		free(files[i].lines);
		free(files[i].name);
	}
	nfiles = 0;
}
