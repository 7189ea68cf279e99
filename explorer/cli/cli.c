/*
 * cli.c: the usage error, numbers and --bug values of every command.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "../catalog/catalog.h"

int cli_usage(const char *command, const char *synopsis, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "svsmlab %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(synopsis, stderr);
	return EXIT_USAGE;
}

bool cli_number(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;
	errno = 0;
	*v = strtoull(s, &end, 0);
	/* strtoull takes "-1" as ULLONG_MAX: a minus sign is refused, not wrapped. */
	return !errno && *s && !*end && s[0] != '-' && *v <= max;
}

int cli_bugs(const char *names, uint32_t *bits)
{
	char bad[64];
	if (catalog_parse(names, bits, bad, sizeof(bad)) == 0)
		return 0;
	fprintf(stderr, "svsmlab: unknown bug '%s' (see 'svsmlab bugs')\n", bad);
	return EXIT_USAGE;
}
