/*
 * help.c: --help, the overview, and the `help` command, from the tables.
 *
 * A command's help is its usage line, its summary, one line per option
 * (the option, its value, what it means) and its notes. Everything is
 * printed from the struct cli_command the parser walks, so the help
 * names exactly the options the parser takes.
 */
#include <string.h>

#include "commands.h"

/* Where an option's meaning starts; a longer option and value push it to the next line. */
#define MEANING_COLUMN 24
#define LINE_WIDTH 79

/* text from column col on, broken at spaces before LINE_WIDTH; more lines at MEANING_COLUMN. */
static void wrapped(FILE *out, int col, const char *text)
{
	bool first = true;
	while (*text) {
		int word = (int)strcspn(text, " ");
		if (!first && col + 1 + word > LINE_WIDTH)
			col = fprintf(out, "\n%*s", MEANING_COLUMN, "") - 1;
		else if (!first)
			col += fprintf(out, " ");
		col += fprintf(out, "%.*s", word, text);
		text += word + (text[word] == ' ');
		first = false;
	}
	fputc('\n', out);
}

/* "  left" padded to MEANING_COLUMN, then the meaning. */
static void row(FILE *out, const char *left, const char *meaning)
{
	int n = fprintf(out, "  %s", left);
	if (n >= MEANING_COLUMN - 1) {
		fputc('\n', out);
		n = 0;
	}
	fprintf(out, "%*s", MEANING_COLUMN - n, "");
	wrapped(out, MEANING_COLUMN, meaning);
}

/* The words a CLI_WORD value takes, when its name does not show them, under the meaning. */
static void value_words(FILE *out, const struct cli_option *o)
{
	if (o->value != CLI_WORD || strstr(o->arg, o->values(0)))
		return;
	char words[512] = "one of:";
	size_t k = strlen(words);
	const char *w;
	for (unsigned i = 0; (w = o->values(i)) && k < sizeof(words); i++)
		k += (size_t)snprintf(words + k, sizeof(words) - k, " %s", w);
	fprintf(out, "%*s", MEANING_COLUMN, "");
	wrapped(out, MEANING_COLUMN, words);
}

static void usage_line(FILE *out, const struct cli_command *c)
{
	fprintf(out, "usage: svsmlab %s%s%s%s\n", c->name, c->operands[0] ? " " : "", c->operands,
	        c->options[0].name ? " [options]" : "");
}

int cli_help(FILE *out, const struct cli_command *c)
{
	usage_line(out, c);
	fprintf(out, "%s\n\noptions:\n", c->summary);
	for (const struct cli_option *o = c->options; o->name; o++) {
		char left[128];
		snprintf(left, sizeof(left), "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		row(out, left, o->help);
		if (o->arg)
			value_words(out, o);
	}
	row(out, "-h, --help", "print this help and exit");
	if (c->notes[0])
		fprintf(out, "\n%s\n", c->notes);
	return 0;
}

int cli_overview(FILE *out)
{
	fprintf(out, "usage: svsmlab COMMAND [options]\n\n%s\n\ncommands:\n", cli_description);
	for (unsigned i = 0; cli_commands[i]; i++) {
		const struct cli_command *c = cli_commands[i];
		char left[128];
		snprintf(left, sizeof(left), "%s %s", c->name, c->operands);
		row(out, left, c->summary);
	}
	fprintf(out, "\n'svsmlab COMMAND --help' (or 'svsmlab help COMMAND') lists a command's "
	             "options;\n'man svsmlab' has them all. 'svsmlab --version' prints the "
	             "version.\n");
	return 0;
}

/* --- the help command -------------------------------------------------------- */

enum { MAN, COMPLETION };

static const char *command_value(unsigned i)
{
	return cli_commands[i] ? cli_commands[i]->name : NULL;
}

static const struct cli_option options[] = {
	[MAN] = { "--man", NULL,
	          "print the manual page, as roff (make writes build/svsmlab.1 with it)" },
	[COMPLETION] = { "--completion", NULL,
	                 "print the bash completion (make writes build/svsmlab.bash with it)" },
	{ NULL },
};

static int help_main(int argc, char **argv);

const struct cli_command help_command = {
	.name = "help",
	.operands = "[COMMAND]",
	.operand = CLI_WORD,
	.operand_values = command_value,
	.summary = "the overview, or a command's options (the same as COMMAND --help)",
	.options = options,
	.notes = "",
	.run = help_main,
};

static int help_main(int argc, char **argv)
{
	const struct cli_command *of = NULL;
	bool man = false, completion = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		switch (cli_next(&help_command, argc, argv, &i, &v)) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_OPERAND:
			if (of)
				return cli_usage("help", "one command at a time, not also '%s'", v);
			if (!(of = cli_find(v)))
				return cli_usage("help", "no command '%s'", v);
			break;
		case MAN:
			man = true;
			break;
		case COMPLETION:
			completion = true;
			break;
		}
	}
	if (man + completion + (of != NULL) > 1)
		return cli_usage("help", "one of COMMAND, --man and --completion at a time");
	if (man)
		cli_man(stdout);
	else if (completion)
		cli_completion(stdout);
	else
		return of ? cli_help(stdout, of) : cli_overview(stdout);
	return 0;
}
