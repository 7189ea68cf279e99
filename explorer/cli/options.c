/*
 * options.c: walking a command line with the command's option table.
 *
 * Options are exact words ("--depth", "-T"); one that takes a value takes
 * the next argument, what follows '=' in "--depth=3", or, for a short one,
 * what follows its name in "-j2" and "-Tpng" (as getopt takes them, and as
 * make's -j2 has taught users to write them). A next argument
 * that is one of the command's options is refused as a value: "--input
 * --out x.lua" is an --input whose value was forgotten far more often than
 * a search for the text "--out" (which "--input=--out" still asks for).
 * Anything else not starting with '-' (and "-" itself) is an operand.
 * -h and --help belong to every command and are looked for before its
 * parser runs (cli_asks_help), so that a parser only ever sees its own
 * options.
 */
#include <string.h>

#include "cli.h"

/* The index of the option named by arg's first len characters, or -1. */
static int option_index(const struct cli_command *c, const char *arg, size_t len)
{
	for (int k = 0; c->options[k].name; k++)
		if (strncmp(c->options[k].name, arg, len) == 0 && c->options[k].name[len] == '\0')
			return k;
	return -1;
}

/* Where "--name=value" has its '=', or NULL for any other argument. */
static const char *equals_sign(const char *arg)
{
	return strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
}

/* The short option with a value that "-j2" starts with, or -1. */
static int short_with_value(const struct cli_command *c, const char *arg)
{
	if (arg[0] != '-' || arg[1] == '-' || arg[1] == '\0' || arg[2] == '\0')
		return -1;
	int k = option_index(c, arg, 2);
	return k >= 0 && c->options[k].arg ? k : -1;
}

static bool is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

static bool is_operand(const char *arg)
{
	return arg[0] != '-' || arg[1] == '\0';
}

static bool is_value(const struct cli_option *o, const char *s)
{
	const char *w;
	for (unsigned i = 0; (w = o->values(i)); i++)
		if (strcmp(w, s) == 0)
			return true;
	return false;
}

/* "--handler takes remap_ca, pvalidate, ... or all, not 'x'": the words, on stderr. */
static int refuse_value(const char *command, const struct cli_option *o, const char *s)
{
	char words[512];
	size_t k = 0;
	const char *w;
	words[0] = '\0';
	for (unsigned i = 0; (w = o->values(i)) && k < sizeof(words); i++)
		k += (size_t)snprintf(words + k, sizeof(words) - k, "%s%s",
		                      i == 0 ? "" : o->values(i + 1) ? ", " : " or ", w);
	return cli_usage(command, "%s takes %s, not '%s'", o->name, words, s);
}

int cli_next(const struct cli_command *c, int argc, char **argv, int *i, const char **value)
{
	const char *arg = argv[*i];
	*value = NULL;
	if (is_operand(arg)) {
		*value = arg;
		return CLI_OPERAND;
	}
	const char *eq = equals_sign(arg);
	int k = option_index(c, arg, eq ? (size_t)(eq - arg) : strlen(arg));
	/* A value in arg itself: after '=', or the "2" of "-j2". */
	const char *attached = eq ? eq + 1 : NULL;
	if (k < 0 && (k = short_with_value(c, arg)) >= 0)
		attached = arg + 2;
	if (k < 0) {
		cli_usage(c->name, "unknown option '%s'", arg);
		return CLI_ERROR;
	}
	const struct cli_option *o = &c->options[k];
	if (!o->arg && attached) {
		cli_usage(c->name, "%s takes no value, not '%s'", o->name, attached);
		return CLI_ERROR;
	}
	if (!o->arg)
		return k;
	if (attached) {
		*value = attached;
	} else if (*i + 1 == argc) {
		cli_usage(c->name, "%s needs a value (%s)", arg, o->arg);
		return CLI_ERROR;
	} else {
		*value = argv[++*i];
		if (is_help(*value) || option_index(c, *value, strlen(*value)) >= 0) {
			cli_usage(c->name, "%s needs a value (%s), and '%s' is an option "
			          "(%s=%s takes it as the value)", arg, o->arg, *value, arg, *value);
			return CLI_ERROR;
		}
	}
	if (o->value == CLI_WORD && !is_value(o, *value)) {
		refuse_value(c->name, o, *value);
		return CLI_ERROR;
	}
	return k;
}

bool cli_asks_help(const struct cli_command *c, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (is_help(argv[i]))
			return true;
		int k = option_index(c, argv[i], strlen(argv[i]));
		if (k >= 0 && c->options[k].arg)
			i++;   /* its value (an option there is refused by cli_next) */
	}
	return false;
}
