/*
 * options.c: the option harness, libFuzzer's entry for the command lines
 * of every command (explorer/cli/: the option tables and their walk, the
 * numbers, the --bug lists).
 *
 * The input's first byte picks a command from the list `svsmlab help`
 * shows; the rest, cut at NUL bytes, are its arguments. The harness walks
 * them as the command's parser does (cli_asks_help, then cli_next until
 * the end or an error) without running the command.
 *
 * The oracle, besides ASan and UBSan:
 *   - cli_next returns an option of the table, an operand, or an error;
 *     an option that takes a value returns the next argument as it, and a
 *     word option only one of its words;
 *   - a number cli_number accepts is exactly its digits read in base 10,
 *     or in base 16 after "0x" (no octal, no sign, no spaces);
 *   - a --bug list that is accepted sets only bits of catalog bugs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../explorer/cli/cli.h"
#include "../svsm/bugs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 32

static FILE *quiet;   /* where the usage errors go: thousands a second would drown the log */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	quiet = fopen("/dev/null", "w");
	if (!quiet) {
		perror("fuzz: /dev/null");
		exit(2);
	}
	return 0;
}

static void breach(const char *what, const char *arg)
{
	fprintf(stderr, "fuzz: violation options: %s: '%s'\n", what, arg);
	abort();
}

/* s read as cli_number promises to read it: the same value, or false. */
static bool number_as_documented(const char *s, unsigned long long *v)
{
	int base = 10;
	const char *digits = "0123456789";
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		digits = "0123456789abcdefABCDEF";
		s += 2;
	}
	if (!*s || strspn(s, digits) != strlen(s))
		return false;
	char *end;
	*v = strtoull(s, &end, base);
	return *end == '\0';   /* strtoull saturates on overflow: cli_number must refuse that */
}

static void check_number(const char *s)
{
	unsigned long long got, want;
	if (cli_number(s, ~0ull, &got) && (!number_as_documented(s, &want) || got != want))
		breach("cli_number read a number otherwise than documented", s);
}

static void check_value(const struct cli_command *c, const struct cli_option *o, const char *v)
{
	check_number(v);
	if (o->value == CLI_WORD) {
		const char *w;
		unsigned k = 0;
		while ((w = o->values(k)) && strcmp(w, v) != 0)
			k++;
		if (!w)
			breach("a word option took a word it does not offer", v);
	}
	uint32_t bits = 0;
	if (o->values == cli_bug_value && cli_bugs(c->name, v, &bits) == 0 &&
	    (bits >> SVSM_NBUGS) != 0)
		breach("a --bug list set a bit past the catalog", v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[4096];
	char *argv[MAX_ARGS + 1];
	if (size < 1 || size > sizeof(text))
		return 0;
	unsigned ncommands = 0;
	while (cli_commands[ncommands])
		ncommands++;
	const struct cli_command *c = cli_commands[data[0] % ncommands];

	/* The arguments: the bytes after the first, each ended by a NUL (one is added). */
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	int argc = 0;
	for (char *p = text; p < text + size - 1 && argc < MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	unsigned noptions = 0;
	while (c->options[noptions].name)
		noptions++;
	FILE *saved = stderr;
	stderr = quiet;   /* glibc's stderr is a variable; ASan and libFuzzer write to fd 2 */
	cli_asks_help(c, argc, argv);
	for (int i = 0; i < argc; i++) {
		const char *value;
		int at = i;
		int k = cli_next(c, argc, argv, &i, &value);
		if (k == CLI_ERROR)
			break;
		if (k == CLI_OPERAND) {
			if (value != argv[at] || i != at)
				breach("an operand is not the argument it was", argv[at]);
			check_number(value);
			continue;
		}
		if (k < 0 || (unsigned)k >= noptions || strcmp(c->options[k].name, argv[at]) != 0)
			breach("cli_next returned an option that is not the argument", argv[at]);
		const struct cli_option *o = &c->options[k];
		if (!o->arg) {
			if (value || i != at)
				breach("a flag took a value", argv[at]);
			continue;
		}
		if (i != at + 1 || value != argv[i])
			breach("an option's value is not the next argument", argv[at]);
		check_value(c, o, value);
	}
	stderr = saved;
	return 0;
}
