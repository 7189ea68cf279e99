/*
 * cli.c: the usage error, numbers and --bug values of every command.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../catalog/catalog.h"

int cli_usage(const char *command, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "svsmlab %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; try 'svsmlab %s --help'\n", command);
	return EXIT_USAGE;
}

/* The value of a hex digit c, or 16 when c is none. */
static unsigned digit(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	return 16;
}

/*
 * Not strtoull: it reads "010" as octal, skips spaces and takes "-1" as
 * ULLONG_MAX. A number here is what a user means by one, the same in
 * every command.
 */
bool cli_number(const char *s, unsigned long long max, unsigned long long *v)
{
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	unsigned long long n = 0;
	for (; *s; s++) {
		unsigned d = digit(*s);
		if (d >= base || n > (ULLONG_MAX - d) / base)
			return false;
		n = n * base + d;
	}
	if (n > max)
		return false;
	*v = n;
	return true;
}

int cli_bugs(const char *command, const char *names, uint32_t *bits)
{
	char bad[64];
	if (strcmp(names, "none") == 0)
		return 0;
	if (catalog_parse(names, bits, bad, sizeof(bad)) == 0)
		return 0;
	return cli_usage(command, "unknown bug '%s' ('svsmlab bugs' lists them)", bad);
}

const char *cli_bug_value(unsigned i)
{
	unsigned n;
	const struct bug_info *b = catalog_all(&n);
	return i < n ? b[i].name : i == n ? "none" : NULL;
}
